package io.memrun.dev.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.runtime.gateway.GatewaySettings;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.runtime.registry.ServiceRegistry;
import io.memrun.runtime.testing.Http;
import io.memrun.runtime.testing.Load;
import io.memrun.runtime.testing.SharedInfra;
import io.memrun.runtime.worker.Worker;
import io.memrun.sdk.MemoryService;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Replacing a running local worker ({@code restart}) is a warm handoff: the successor fetched the
 * predecessor's hot set before it took the same partitions, so the keys it serves are disk hits at
 * once; the other worker keeps its partitions; no request fails under load.
 */
class WarmHandoffTest {
    private static final String SVC = "handoff-svc";
    private static final String INVOKE = "/v1/services/" + SVC + "/invoke";
    private static final int OBJECTS = 24;

    private static String body(int key) {
        return "{\"k\":\"key" + key + "\",\"path\":\"s3://handoff-data/o" + (key % OBJECTS) + ".bin\"}";
    }

    @Test
    void restartRunningWorker_successorWarmBeforeItJoins_samePartitions_hitsAtOnce_noFailedRequest() throws Exception {
        SharedInfra infra = SharedInfra.get();
        try (ObjectStore s3 = infra.objectStore()) {
            s3.ensureBucket("handoff-data");
            for (int i = 0; i < OBJECTS; i++) {
                s3.upload(ObjectUri.parse("s3://handoff-data/o" + i + ".bin"), new byte[64 * 1024 + i]);
            }
        }
        MemoryService svc = MemoryService.builder(SVC).maxWorkers(2).concurrency(8)
                .handler("k", (ctx, req) -> Map.of("size", ctx.getOrFetch(req.text("path")).size())).build();
        try (ServiceRegistry registry = ServiceRegistry.inMemory("handoff");
             LocalPlatform p = LocalPlatform.start(svc, LocalPlatform.Options.of(2, GatewaySettings.defaults("127.0.0.1", 0))
                     .heartbeat(Duration.ofMillis(500)), infra.kafka(), infra.storeSettings(), registry, infra.newDir("handoff"))) {
            String w0 = SVC + "-w0";
            String w1 = SVC + "-w1";
            Map<Integer, String> servedBy = new TreeMap<>();
            for (int k = 0; k < 2 * OBJECTS; k++) {
                HttpResponse<String> r = Http.post(p.httpPort(), INVOKE, body(k));
                assertEquals(200, r.statusCode(), r.body());
                servedBy.put(k, r.headers().firstValue("Memrun-Worker").orElseThrow());
            }
            List<Integer> w0Keys = servedBy.entrySet().stream().filter(e -> e.getValue().equals(w0)).map(Map.Entry::getKey).toList();
            assertTrue(!w0Keys.isEmpty() && w0Keys.size() < servedBy.size(), "keys on both workers: " + servedBy);
            Set<Integer> w0Before = worker(p, w0).partitions();
            Set<Integer> w1Before = worker(p, w1).partitions();

            List<Load.Outcome> outcomes;
            try (Load load = Load.start(p.httpPort(), INVOKE, 8, 2 * OBJECTS, WarmHandoffTest::body)) {
                load.awaitOutcomes(100, o -> o.status() == 200, Duration.ofSeconds(30));
                p.restart(w0);
                long after = System.nanoTime();
                load.awaitOutcomes(100, o -> o.sentNanos() > after && o.status() == 200, Duration.ofSeconds(30));
                outcomes = load.stop();
            }
            LocalHandoff.Report r = p.lastHandoff();
            assertEquals(w0Before, r.before());
            assertEquals(w0Before, r.after(), "the successor got exactly its predecessor's partitions");
            assertEquals(w0Before, worker(p, w0).partitions());
            assertEquals(w1Before, worker(p, w1).partitions(), "the other worker kept its partitions");
            assertEquals(r.objects(), r.fetched(), "the whole hot set was on the successor's disk before it joined");

            List<String> caches = new ArrayList<>();
            for (int k : w0Keys) {
                HttpResponse<String> hit = Http.post(p.httpPort(), INVOKE, body(k));
                assertEquals(200, hit.statusCode(), hit.body());
                assertEquals(w0, hit.headers().firstValue("Memrun-Worker").orElseThrow());
                caches.add(hit.headers().firstValue("Memrun-Cache").orElseThrow());
            }
            Map<Integer, Integer> byStatus = new TreeMap<>();
            outcomes.forEach(o -> byStatus.merge(o.status(), 1, Integer::sum));
            System.out.printf("warm handoff (dev): hot set %d objects (%d KiB) on the successor's disk in %d ms;"
                            + " partitions %s -> %s, handed over in %d ms; load during it %s; %d of %d of the worker's keys"
                            + " hit right after%n", r.objects(), r.bytes() >> 10, r.warmMillis(), r.before(), r.after(),
                    r.pauseMillis(), byStatus, caches.stream().filter("hit"::equals).count(), caches.size());
            assertTrue(caches.stream().allMatch("hit"::equals), "right after the handoff: " + caches);
            assertEquals(Map.of(200, outcomes.size()), byStatus, "no request failed during the handoff");
        }
    }

    private static Worker worker(LocalPlatform p, String id) {
        return p.workers().stream().filter(w -> w.id().equals(id)).findFirst().orElseThrow();
    }
}
