package io.memrun.dev.platform;

import io.memrun.runtime.worker.Worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.dev.platform.LocalPlatform;
import io.memrun.runtime.gateway.GatewaySettings;
import io.memrun.runtime.registry.ServiceRegistry;
import io.memrun.runtime.testing.Http;
import io.memrun.runtime.testing.SharedInfra;
import io.memrun.sdk.MemoryService;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Sticky routing and bounded concurrency, on the real embedded broker. */
class RoutingAndConcurrencyTest {
    private static LocalPlatform start(MemoryService svc, int workers, String dir) throws Exception {
        SharedInfra infra = SharedInfra.get();
        return LocalPlatform.start(svc, LocalPlatform.Options.of(workers, GatewaySettings.defaults("127.0.0.1", 0))
                        .heartbeat(Duration.ofMillis(500)),
                infra.kafka(), infra.storeSettings(), ServiceRegistry.inMemory(dir), infra.newDir(dir));
    }

    /** Waits until the workers together own every partition, each owned once. */
    private static void awaitStableAssignment(LocalPlatform p) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            List<Integer> all = new ArrayList<>();
            boolean everyoneHasSome = true;
            for (Worker w : p.workers()) {
                all.addAll(w.partitions());
                everyoneHasSome &= !w.partitions().isEmpty();
            }
            if (everyoneHasSome && all.size() == p.service().partitions() && new HashSet<>(all).size() == all.size()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("assignment did not settle in 30 s");
    }

    @Test
    void invoke_1000RequestsOver100KeysOn3Workers_eachKeyServedByExactlyOneWorker() throws Exception {
        MemoryService svc = MemoryService.builder("routing-svc").maxWorkers(3).concurrency(16)
                .handler("user_id:dataset_id", (ctx, req) -> Map.of("worker", ctx.shared().workerId())).build();
        try (LocalPlatform p = start(svc, 3, "routing")) {
            awaitStableAssignment(p);
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                order.add(i % 100);
            }
            Collections.shuffle(order, new java.util.Random(42));
            Map<String, Set<String>> workersByKey = new HashMap<>();
            try (ExecutorService clients = Executors.newFixedThreadPool(16, Thread.ofVirtual().factory())) {
                List<Future<HttpResponse<String>>> sent = new ArrayList<>();
                for (int k : order) {
                    sent.add(clients.submit(() -> Http.post(p.httpPort(), "/v1/services/routing-svc/invoke",
                            "{\"user_id\":\"u" + k + "\",\"dataset_id\":\"ds" + (k % 7) + "\"}")));
                }
                for (int i = 0; i < sent.size(); i++) {
                    HttpResponse<String> r = sent.get(i).get();
                    assertEquals(200, r.statusCode(), r.body());
                    String key = "u" + order.get(i) + ":ds" + (order.get(i) % 7);
                    workersByKey.computeIfAbsent(key, x -> new HashSet<>()).add(r.headers().firstValue("Memrun-Worker").orElseThrow());
                }
            }
            assertEquals(100, workersByKey.size());
            workersByKey.forEach((key, ws) -> assertEquals(1, ws.size(), key + " was served by " + ws));
            List<Integer> shares = p.workers().stream().map(w -> w.partitions().size()).toList();
            int max = Collections.max(shares);
            int min = Collections.min(shares);
            assertTrue(max - min <= 1, "partition shares must be balanced: " + shares);
            Map<String, Long> keysPerWorker = new HashMap<>();
            workersByKey.values().forEach(ws -> keysPerWorker.merge(ws.iterator().next(), 1L, Long::sum));
            System.out.println("routing: partitions per worker " + shares + ", keys per worker " + keysPerWorker);
        }
    }

    @Test
    void invoke_64RequestsOneWorkerConcurrency16_runExactly16AtOnce() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        // Each handler waits until 16 are running at once: the worker must reach its cap (or the
        // barrier times out and the requests fail), and a 17th would show in the peak.
        CyclicBarrier sixteen = new CyclicBarrier(16);
        MemoryService svc = MemoryService.builder("concurrency-svc").maxWorkers(1).concurrency(16)
                .handler("k", (ctx, req) -> {
                    int now = running.incrementAndGet();
                    peak.accumulateAndGet(now, Math::max);
                    try {
                        sixteen.await(30, TimeUnit.SECONDS);
                    } finally {
                        running.decrementAndGet();
                    }
                    return Map.of("ok", true);
                }).build();
        try (LocalPlatform p = start(svc, 1, "concurrency")) {
            awaitStableAssignment(p);
            long start = System.nanoTime();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<HttpResponse<String>>> sent = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    sent.add(clients.submit(() -> Http.post(p.httpPort(), "/v1/services/concurrency-svc/invoke", "{\"k\":\"same\"}")));
                }
                for (Future<HttpResponse<String>> f : sent) {
                    assertEquals(200, f.get().statusCode());
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("concurrency: 64 requests on one key in 4 rounds of 16 at a barrier: %.2f s%n", seconds);
            assertEquals(16, peak.get(), "the worker runs up to its concurrency at once, never more");
        }
    }
}
