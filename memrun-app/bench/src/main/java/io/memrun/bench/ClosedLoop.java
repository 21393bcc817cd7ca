package io.memrun.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A closed-loop load: {@code clients} callers each issue requests back to back for a fixed count,
 * after a warm-up. Reports latency percentiles and throughput.
 */
final class ClosedLoop {
    /** One request; returns normally on success and throws on failure. */
    @FunctionalInterface
    interface Call {
        void run(int client, int i) throws Exception;
    }

    /** The outcome of one run. */
    record Result(Percentiles latency, double seconds, long errors, CpuMeter.Usage cpu) {
        double rps() {
            return latency.count() / seconds;
        }

        /** CPU microseconds per completed request of one thread group. */
        double cpuMicrosPerRequest(long nanos) {
            return latency.count() == 0 ? Double.NaN : nanos / 1e3 / latency.count();
        }
    }

    private ClosedLoop() {
    }

    static Result run(int clients, int requestsPerClient, int warmupPerClient, Call call) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(clients, Thread.ofPlatform().daemon().name("bench-client-", 0).factory())) {
            List<Callable<Object>> warm = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                warm.add(() -> {
                    for (int i = 0; i < warmupPerClient; i++) {
                        call.run(client, i);
                    }
                    return null;
                });
            }
            for (Future<Object> f : pool.invokeAll(warm)) {
                f.get();
            }
            List<Callable<Object[]>> tasks = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                tasks.add(() -> {
                    Percentiles p = new Percentiles();
                    long errors = 0;
                    for (int i = 0; i < requestsPerClient; i++) {
                        long t0 = System.nanoTime();
                        try {
                            call.run(client, i);
                            p.record(System.nanoTime() - t0);
                        } catch (Exception e) {
                            errors++;
                        }
                    }
                    return new Object[] {p, errors};
                });
            }
            CpuMeter cpu = new CpuMeter();
            long start = System.nanoTime();
            List<Future<Object[]>> done = pool.invokeAll(tasks);
            double seconds = (System.nanoTime() - start) / 1e9;
            CpuMeter.Usage used = cpu.stop();
            Percentiles all = new Percentiles();
            long errors = 0;
            for (Future<Object[]> f : done) {
                Object[] r = f.get();
                all.addAll((Percentiles) r[0]);
                errors += (Long) r[1];
            }
            return new Result(all, seconds, errors, used);
        }
    }
}
