package io.memrun.runtime.testing;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

/**
 * Continuous load from N concurrent clients until stopped; records every request's outcome.
 */
public final class Load implements AutoCloseable {
    /** One request's outcome. */
    public record Outcome(String key, int status, String worker, long sentNanos, long doneNanos, String body, String cache) {
    }

    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * Starts {@code clients} loops, each sending POSTs to {@code path} with bodies from
     * {@code bodyForKey} for random keys {@code 0..keys-1}.
     */
    public static Load start(int port, String path, int clients, int keys, IntFunction<String> bodyForKey) {
        return start(port, path, clients, keys, bodyForKey, java.util.Map.of());
    }

    /** As {@link #start(int, String, int, int, IntFunction)}, sending {@code headers} with every request. */
    public static Load start(int port, String path, int clients, int keys, IntFunction<String> bodyForKey,
                             java.util.Map<String, String> headers) {
        return start(port, path, clients, keys, bodyForKey, headers, Duration.ZERO);
    }

    /**
     * As above, each client pausing {@code pause} after every answer: a bounded load (at most
     * {@code clients / pause} requests a second) that leaves the machine room for what is tested.
     */
    public static Load start(int port, String path, int clients, int keys, IntFunction<String> bodyForKey,
                             java.util.Map<String, String> headers, Duration pause) {
        Load load = new Load();
        for (int c = 0; c < clients; c++) {
            load.clients.execute(() -> {
                while (load.running.get()) {
                    int k = ThreadLocalRandom.current().nextInt(keys);
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> r = Http.post(port, path, bodyForKey.apply(k), headers);
                        load.outcomes.add(new Outcome("k" + k, r.statusCode(),
                                r.headers().firstValue("Memrun-Worker").orElse(null), sent, System.nanoTime(), r.body(),
                                r.headers().firstValue("Memrun-Cache").orElse("")));
                        if (!pause.isZero()) {
                            LockSupport.parkNanos(pause.toNanos());
                        }
                    } catch (Exception e) {
                        load.outcomes.add(new Outcome("k" + k, -1, null, sent, System.nanoTime(), e.toString(), ""));
                        // Like a real client, wait a moment before trying a server that just refused or
                        // dropped the connection, rather than spinning and starving it of CPU.
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                    }
                }
            });
        }
        return load;
    }

    /** Stops sending and waits for every request in flight to finish. */
    public List<Outcome> stop() throws InterruptedException {
        running.set(false);
        clients.shutdown();
        if (!clients.awaitTermination(90, TimeUnit.SECONDS)) {
            throw new IllegalStateException("clients did not finish within 90 s");
        }
        return List.copyOf(outcomes);
    }

    /** Waits until at least {@code n} requests have an outcome that satisfies {@code which}. */
    public void awaitOutcomes(int n, java.util.function.Predicate<Outcome> which, java.time.Duration timeout) throws Exception {
        Await.until(n + " requests answered", timeout, () -> outcomes.stream().filter(which).count(), c -> c >= n);
    }

    /** Outcomes so far. */
    public List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    @Override
    public void close() throws InterruptedException {
        if (running.get()) {
            stop();
        }
    }
}
