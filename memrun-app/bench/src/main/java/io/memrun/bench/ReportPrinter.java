package io.memrun.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Prints each experiment's table, with medians and ratios, and the table of SPEC targets. */
final class ReportPrinter {
    private final PrintWriter out;

    ReportPrinter(PrintWriter out) {
        this.out = out;
    }

    void stateTax(BenchReport.StateTax s, StatelessBench.Result stateless) {
        ColdWarmBench.Result q = s.requests();
        out.printf(Locale.ROOT, "%nstate tax: analytics example, %s, medians of %d cold / %d warm-memory requests%n",
                s.dataset(), q.cold().size(), q.warmMemory().size());
        coldWarmTable(q);
        if (stateless != null) {
            out.printf(Locale.ROOT, "  %-22s %12s %10s %10s%n", "stateless (no cache)", TargetCheck.ms(stateless.medianMs()),
                    TargetCheck.ms(Samples.median(stateless.fetch())), TargetCheck.ms(Samples.median(stateless.decode())));
            out.printf(Locale.ROOT, "  stateless / warm-memory = %s%n", TargetCheck.ratio(stateless.medianMs() / q.warmMemoryMs()));
        }
        CacheLayerBench.Result c = s.cacheLayer();
        cacheLayer(c);
        ColdPathBench.Result p = s.coldPath();
        out.printf(Locale.ROOT, "  cold path: %s; the cache fetched at %.0f MB/s%n", ColdPathBench.describe(p), s.fetchMBps());
        out.printf(Locale.ROOT, "  %d concurrent cold requests: %d download(s), %d decode(s), slowest %s%n", p.concurrent(),
                p.downloads(), p.decodes(), TargetCheck.ms(p.concurrentSlowestMs()));
        out.flush();
    }

    void service(BenchReport.Service s) {
        out.printf(Locale.ROOT, "%nyour service %s, request %s:%n", s.service(), s.request());
        coldWarmTable(s.requests());
        CacheLayerBench.Result c = s.cacheLayer();
        if (c != null && !c.key().isEmpty()) {
            cacheLayer(c);
        }
        out.flush();
    }

    private void cacheLayer(CacheLayerBench.Result c) {
        out.printf(Locale.ROOT, "  cache layer (in-process): cold call %s (fetch %s, decode %s, overlapping if it streams)"
                        + " vs memory hit %s = %s%n", TargetCheck.ms(c.coldMs()), TargetCheck.ms(c.coldFetchMs()),
                TargetCheck.ms(c.coldDecodeMs()), TargetCheck.ms(c.hitNanos() / 1e6), TargetCheck.ratio(c.ratio()));
    }

    private void coldWarmTable(ColdWarmBench.Result q) {
        out.printf(Locale.ROOT, "  %-22s %12s %10s %10s %10s%n", "request", "round trip", "fetch", "decode", "handler");
        out.printf(Locale.ROOT, "  %-22s %12s %10s %10s%n", "cold", TargetCheck.ms(q.coldMs()),
                TargetCheck.ms(Samples.median(q.coldFetch())), TargetCheck.ms(Samples.median(q.coldDecode())));
        out.printf(Locale.ROOT, "  %-22s %12s %10s %10s%n", "warm-disk", TargetCheck.ms(q.warmDiskMs()), "",
                TargetCheck.ms(Samples.median(q.warmDiskDecode())));
        out.printf(Locale.ROOT, "  %-22s %12s %10s %10s %10s%n", "warm-memory", TargetCheck.ms(q.warmMemoryMs()), "", "",
                TargetCheck.ms(Samples.median(q.warmMemoryHandler())));
        out.printf(Locale.ROOT, "  cold / warm-memory = %s, cold / warm-disk = %s%n", TargetCheck.ratio(q.coldOverWarmMemory()),
                TargetCheck.ratio(q.coldOverWarmDisk()));
    }

    void requestPath(List<RequestPathBench.Row> rows) {
        out.printf(Locale.ROOT, "%nrequest path: empty handler, warm%n");
        out.printf(Locale.ROOT, "  %-22s %7s %9s %9s %9s %10s %6s %12s%n", "path", "clients", "p50 ms", "p99 ms", "p999 ms",
                "req/s", "errors", "CPU us/req");
        for (RequestPathBench.Row r : rows) {
            out.printf(Locale.ROOT, "  %-22s %7d %9.3f %9.3f %9.3f %10.0f %6d %12s%n", r.path(), r.clients(), r.p50(), r.p99(),
                    r.p999(), r.rps(), r.errors(), r.path().startsWith("in-process") ? "" : String.format(Locale.ROOT,
                            "%.0f (%.0f)", r.memrunCpuUsPerRequest(), r.cpuUsPerRequest()));
        }
        out.println("  CPU us/req: the server side (gateway + worker; for the echo, Helidon), and in brackets the whole JVM"
                + " including the load generator and the embedded broker");
        for (int clients : new int[] {1, 16, 64}) {
            RequestPathBench.Row echo = find(rows, "HTTP echo (Helidon)", clients);
            RequestPathBench.Row invoke = find(rows, "memrun invoke", clients);
            out.printf(Locale.ROOT, "  %2d client(s): invoke/echo p50 = %.1fx, invoke throughput = %.0f%% of echo;"
                            + " Server-Timing p50: request hop (queue) %s, in the gateway %s%n",
                    clients, invoke.p50() / echo.p50(), 100 * invoke.rps() / echo.rps(), TargetCheck.ms(invoke.queueP50()),
                    TargetCheck.ms(invoke.gatewayP50()));
        }
        rows.stream().filter(r -> r.path().equals(RequestPathBench.FLOOR)).findFirst().ifPresent(floor -> {
            RequestPathBench.Row invoke = find(rows, "memrun invoke", 1);
            out.printf(Locale.ROOT, "   1 client:  invoke/raw Kafka p50 = %.1fx (%s vs %s): memrun's overhead over the two hops%n",
                    invoke.p50() / floor.p50(), TargetCheck.ms(invoke.p50()), TargetCheck.ms(floor.p50()));
        });
        out.flush();
    }

    void locality(LocalityBench.Result r) {
        out.printf(Locale.ROOT, "%nlocality: Zipf(s=%.1f) over %,d datasets of %d KiB, %d workers each holding a quarter,"
                + " %,d measured requests after %,d warm-up (simulated routing, real cache + store)%n", r.zipfS(),
                r.datasets(), r.datasetBytes() >> 10, LocalityBench.WORKERS, r.sticky().requests(), r.sticky().requests() / 2);
        out.printf(Locale.ROOT, "  %-24s %9s %9s %10s %14s %15s%n", "routing", "hit rate", "misses", "mean", "S3 bytes",
                "busiest/mean");
        for (LocalityBench.Scheme s : List.of(r.sticky(), r.random(), r.oneBig())) {
            out.printf(Locale.ROOT, "  %-24s %8.1f%% %9d %10s %,14d %15s%n", s.scheme(), 100 * s.hitRate(), s.misses(),
                    TargetCheck.ms(s.meanMs()), s.s3Bytes(), s.workers() > 1 ? TargetCheck.ratio(s.busiestOverMean()) : "-");
        }
        out.printf(Locale.ROOT, "  random / sticky misses = %s%n",
                TargetCheck.ratio((double) r.random().misses() / Math.max(1, r.sticky().misses())));
        out.flush();
    }

    void peer(PeerBench.Result p) {
        out.printf(Locale.ROOT, "%npeer: warm read of a %d MiB object, medians of %d%n", p.bytes() >> 20, p.diskTier().size());
        out.printf(Locale.ROOT, "  %-34s %12s%n", "memrun memory tier (getOrCompute hit)", TargetCheck.ms(p.memoryHitNanos() / 1e6));
        out.printf(Locale.ROOT, "  %-34s %12s%n", "memrun disk tier (hit + read file)", TargetCheck.ms(Samples.median(p.diskTier())));
        if (p.redisRan()) {
            out.printf(Locale.ROOT, "  %-34s %12s%n", "Redis " + p.redisVersion() + " GET, loopback", TargetCheck.ms(Samples.median(p.redis())));
            out.printf(Locale.ROOT, "  Redis / memory tier = %s, Redis / disk tier = %s%n", TargetCheck.ratio(p.redisOverMemory()),
                    TargetCheck.ratio(p.redisOverDisk()));
        } else {
            out.println("  Redis: " + p.redisVersion());
        }
        out.flush();
    }

    void targets(List<TargetCheck> checks) {
        out.printf(Locale.ROOT, "%nSPEC targets%n");
        // Targets of experiments that did not run would only be noise here; they stay in the JSON.
        List<TargetCheck> shown = checks.stream().filter(c -> !c.note().endsWith("experiment not run")).toList();
        int width = shown.stream().mapToInt(c -> c.target().length()).max().orElse(40);
        for (TargetCheck c : shown) {
            out.printf(Locale.ROOT, "  %-14s %-" + width + "s  %s%s%n", "[" + c.verdict().label() + "]", c.target(), c.measured(),
                    c.note() == null || c.note().isEmpty() ? "" : "  -- " + c.note());
        }
        if (shown.size() < checks.size()) {
            out.printf(Locale.ROOT, "  (%d more belong to experiments this run left out)%n", checks.size() - shown.size());
        }
        out.flush();
    }

    private static RequestPathBench.Row find(List<RequestPathBench.Row> rows, String path, int clients) {
        return rows.stream().filter(r -> r.path().equals(path) && r.clients() == clients).findFirst().orElseThrow();
    }
}
