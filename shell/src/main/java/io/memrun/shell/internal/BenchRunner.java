package io.memrun.shell.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * Runs a {@link BenchPlan}: {@code concurrency} virtual threads take the next request number
 * until all are sent. Interrupting the calling thread (Ctrl-C) stops the run and reports what finished.
 */
public final class BenchRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Sends one request; {@link GatewayClient#invoke} in the shell, a fake in tests. */
    @FunctionalInterface
    public interface Invoker {
        InvokeResult invoke(String service, byte[] body, Duration deadline) throws IOException, InterruptedException;
    }

    private BenchRunner() {
    }

    /**
     * Runs the plan.
     *
     * @param progress told the number of finished requests after each one
     */
    public static BenchResult run(BenchPlan plan, Invoker invoker, LongConsumer progress) {
        long[] latency = new long[plan.requests()];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        LongAdder hits = new LongAdder();
        LongAdder misses = new LongAdder();
        LongAdder none = new LongAdder();
        Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        boolean interrupted = false;
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < plan.concurrency(); t++) {
                SplittableRandom random = new SplittableRandom(plan.seed() * 1_000_003L + t);
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < plan.requests(); i = next.getAndIncrement()) {
                        byte[] body = toBytes(plan.requestFor(plan.keys().next(random)));
                        long start = System.nanoTime();
                        try {
                            InvokeResult r = invoker.invoke(plan.service(), body, plan.deadline());
                            if (r.ok()) {
                                latency[i] = System.nanoTime() - start;
                                switch (r.cache()) {
                                    case "hit" -> hits.increment();
                                    case "miss" -> misses.increment();
                                    default -> none.increment();
                                }
                            } else {
                                latency[i] = -1;
                                errors.computeIfAbsent(r.error().getMessage(), e -> new LongAdder()).increment();
                            }
                        } catch (IOException e) {
                            latency[i] = -1;
                            errors.computeIfAbsent(firstLine(e), m -> new LongAdder()).increment();
                        } catch (InterruptedException e) {
                            latency[i] = -2;
                            return null;
                        }
                        progress.accept(done.incrementAndGet());
                    }
                    return null;
                }));
            }
            try {
                for (Future<?> w : workers) {
                    w.get();
                }
            } catch (InterruptedException e) {
                interrupted = true;
                pool.shutdownNow();
            } catch (ExecutionException e) {
                throw new IllegalStateException("bench worker failed: " + e.getCause(), e.getCause());
            }
        }
        long wall = System.nanoTime() - t0;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        int finished = Math.min(done.get(), plan.requests());
        long[] ok = java.util.Arrays.stream(latency, 0, Math.min(next.get(), plan.requests())).filter(l -> l > 0).toArray();
        Map<String, Long> errorCounts = new TreeMap<>();
        errors.forEach((k, v) -> errorCounts.put(k, v.sum()));
        return new BenchResult(plan, finished, new LatencyStats(ok), wall, hits.sum(), misses.sum(), none.sum(),
                errorCounts, interrupted);
    }

    private static byte[] toBytes(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
