package io.memrun.shell.internal;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * What a bench run measured.
 *
 * @param finished requests that got an answer (or a transport error)
 * @param latency client-side latencies of the successful ones
 * @param wallNanos the run's duration
 * @param hits successful replies with {@code Memrun-Cache: hit}
 * @param misses ... with {@code miss}
 * @param none ... with {@code none} (the handler fetched nothing) or no header
 * @param errors failed requests by one-line reason
 * @param interrupted whether Ctrl-C stopped it early
 */
public record BenchResult(BenchPlan plan, int finished, LatencyStats latency, long wallNanos, long hits, long misses,
                          long none, Map<String, Long> errors, boolean interrupted) {
    public BenchResult {
        errors = Map.copyOf(errors);
    }

    /** Failed requests. */
    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Finished requests per second of wall time. */
    public double requestsPerSecond() {
        return wallNanos == 0 ? 0 : finished / (wallNanos / 1e9);
    }

    /** The report: latency percentiles, throughput, hit rate, errors. */
    public void print(PrintWriter out) {
        out.printf(Locale.ROOT, "bench %s: %d requests, %d concurrent, %d keys (%s)%s%n", plan.service(), plan.requests(),
                plan.concurrency(), plan.keys().keys(), plan.keys(),
                interrupted ? " -- interrupted after " + finished : "");
        out.printf(Locale.ROOT, "  latency     p50 %s  p99 %s  p999 %s  max %s  mean %s%n",
                ServerTiming.fmt(latency.percentileMs(0.50)), ServerTiming.fmt(latency.percentileMs(0.99)),
                ServerTiming.fmt(latency.percentileMs(0.999)), ServerTiming.fmt(latency.maxMs()),
                ServerTiming.fmt(latency.meanMs()));
        out.printf(Locale.ROOT, "  throughput  %.0f requests/s (%d in %.2f s)%n", requestsPerSecond(), finished, wallNanos / 1e9);
        out.printf(Locale.ROOT, "  cache       hit rate %s (%d hits, %d misses, %d without fetches)%n",
                Formats.percent(hits, hits + misses), hits, misses, none);
        out.printf(Locale.ROOT, "  errors      %d%n", errorCount());
        errors.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                .forEach(e -> out.printf(Locale.ROOT, "    %6d x %s%n", e.getValue(), e.getKey()));
    }
}
