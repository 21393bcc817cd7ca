package io.memrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memrun.dev.platform.LocalPlatform;
import io.memrun.runtime.service.ServiceArtifacts;
import io.memrun.runtime.gateway.GatewaySettings;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.runtime.registry.ServiceRegistry;
import io.memrun.runtime.testing.Await;
import io.memrun.runtime.testing.Http;
import io.memrun.runtime.testing.Load;
import io.memrun.runtime.testing.SharedInfra;
import io.memrun.sdk.MemoryService;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Failure and shutdown of real {@code memrun worker} processes under load, on the real embedded
 * broker: SIGKILL loses no accepted request, a restart with the same identity gets its partitions
 * and warm cache back, SIGTERM drains and exits 0.
 */
class WorkerProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path probeSources() throws Exception {
        return Path.of(WorkerProcessTest.class.getResource("/services/probe").toURI());
    }

    private static MemoryService probe(String name) throws Exception {
        return ServiceArtifacts.load(probeSources(), SharedInfra.get().newDir("probe-build")).stream()
                .filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** An in-process platform (gateway + one worker "w0") for a probe service. */
    private static LocalPlatform platform(String name) throws Exception {
        SharedInfra infra = SharedInfra.get();
        return LocalPlatform.start(probe(name), LocalPlatform.Options.of(1, GatewaySettings.defaults("127.0.0.1", 0))
                        .heartbeat(Duration.ofMillis(500)),
                infra.kafka(), infra.storeSettings(), ServiceRegistry.inMemory(name), infra.newDir(name));
    }

    private static Map<String, List<Integer>> workers(LocalPlatform p, String svc) throws Exception {
        HttpResponse<String> r = Http.get(p.httpPort(), "/v1/services/" + svc + "/workers");
        Map<String, List<Integer>> out = new HashMap<>();
        for (JsonNode w : JSON.readTree(r.body()).get("workers")) {
            if (w.get("status").asText().equals("ok")) {
                List<Integer> parts = new ArrayList<>();
                w.get("partitions").forEach(n -> parts.add(n.asInt()));
                out.put(w.get("id").asText(), parts);
            }
        }
        return out;
    }

    /** Waits until the workers API (fed by heartbeats every 0.5 s) shows {@code condition}. */
    private static Map<String, List<Integer>> awaitWorkers(LocalPlatform p, String svc, Duration timeout,
                                                           Predicate<Map<String, List<Integer>>> condition) throws Exception {
        return Await.until("the workers of " + svc + " to reach the expected state", timeout,
                () -> workers(p, svc), condition);
    }

    private static boolean bothHavePartitions(Map<String, List<Integer>> ws, String a, String b, int total) {
        return ws.containsKey(a) && ws.containsKey(b) && !ws.get(a).isEmpty() && !ws.get(b).isEmpty()
                && ws.get(a).size() + ws.get(b).size() == total;
    }

    @Test
    void sigkill_underLoad_everyAcceptedRequestGetsExactlyOneSuccessfulReply() throws Exception {
        String svc = "crash-svc";
        SharedInfra infra = SharedInfra.get();
        try (LocalPlatform p = platform(svc);
             WorkerProcess proc = WorkerProcess.start(infra, svc, probeSources(), "crash-p1", infra.newDir("crash-p1"))) {
            String w0 = svc + "-w0";
            int total = p.service().partitions();
            Map<String, List<Integer>> before = awaitWorkers(p, svc, Duration.ofSeconds(60),
                    ws -> bothHavePartitions(ws, w0, "crash-p1", total));
            Set<String> deadKeys = new TreeSet<>();
            Load load = Load.start(p.httpPort(), "/v1/services/" + svc + "/invoke", 16, 50,
                    k -> "{\"k\":\"k" + k + "\",\"sleep_ms\":20}");
            // Both workers are serving before the kill.
            load.awaitOutcomes(50, o -> "crash-p1".equals(o.worker()), Duration.ofSeconds(30));
            long killedAt = System.nanoTime();
            proc.kill();
            // The session expires (10 s), w0 takes every partition, and serves more requests after that.
            Map<String, List<Integer>> after = awaitWorkers(p, svc, Duration.ofSeconds(40),
                    ws -> ws.containsKey(w0) && ws.get(w0).size() == total);
            long movedAt = System.nanoTime();
            load.awaitOutcomes(100, o -> o.sentNanos() > movedAt, Duration.ofSeconds(30));
            List<Load.Outcome> outcomes = load.stop();

            List<Load.Outcome> failed = outcomes.stream().filter(o -> o.status() != 200).toList();
            assertTrue(failed.isEmpty(), failed.size() + " of " + outcomes.size() + " requests failed, e.g. "
                    + failed.stream().limit(3).toList());
            outcomes.stream().filter(o -> "crash-p1".equals(o.worker())).forEach(o -> deadKeys.add(o.key()));
            // Requests in flight on the dead worker's partitions when it died, answered later by w0.
            long redelivered = outcomes.stream().filter(o -> o.sentNanos() < killedAt && o.doneNanos() > killedAt
                    && w0.equals(o.worker()) && deadKeys.contains(o.key())).count();
            long moved = outcomes.stream().filter(o -> o.sentNanos() > killedAt && w0.equals(o.worker())
                    && deadKeys.contains(o.key())).mapToLong(Load.Outcome::doneNanos).min().orElse(-1);
            System.out.printf("fault suite, SIGKILL of a worker process under load: %d requests from 16 clients, all answered 200; partitions before %s, after %s;"
                            + " %d requests redelivered; dead worker's keys served again %.1f s after SIGKILL;"
                            + " replies dropped as duplicates or late: see /metrics%n",
                    outcomes.size(), before, after, redelivered, moved < 0 ? -1 : (moved - killedAt) / 1e9);
            String metrics = Http.get(p.httpPort(), "/metrics").body();
            System.out.println("crash: " + metrics.lines().filter(l -> l.startsWith("memrun_gateway_replies_dropped_total")).findFirst().orElse(""));
            // Exactly once: one outcome per client request (Load records one per send), each a 200 with
            // one reply; a redelivered request's second reply is dropped by the gateway, never sent.
            assertEquals(outcomes.size(), outcomes.stream().map(o -> o.sentNanos() + o.key()).distinct().count());
            assertTrue(redelivered > 0, "requests in flight on the killed worker were redelivered and answered by "
                    + w0 + " (16 clients, 20 ms handlers: some are always in flight): " + redelivered);
        }
    }

    @Test
    void restart_sameWorkerId_getsSamePartitionsBackAndFirstRequestHits() throws Exception {
        String svc = "restart-svc";
        SharedInfra infra = SharedInfra.get();
        try (ObjectStore s3 = infra.objectStore()) {
            s3.ensureBucket("restart-data");
            s3.upload(ObjectUri.parse("s3://restart-data/blob.bin"), new byte[256 * 1024]);
        }
        Path cacheDir = infra.newDir("restart-p1");
        try (LocalPlatform p = platform(svc)) {
            String w0 = svc + "-w0";
            int total = p.service().partitions();
            List<Integer> partitionsBefore;
            String key;
            try (WorkerProcess proc = WorkerProcess.start(infra, svc, probeSources(), "restart-p1", cacheDir)) {
                partitionsBefore = awaitWorkers(p, svc, Duration.ofSeconds(60),
                        ws -> bothHavePartitions(ws, w0, "restart-p1", total)).get("restart-p1");
                key = keyServedBy(p, svc, "restart-p1");
                JsonNode first = JSON.readTree(request(p, svc, key).body());
                assertEquals("miss", first.get("cache").asText());
                // The cache index is checkpointed every heartbeat (0.5 s here); wait for the one that has the blob.
                Path index = cacheDir.resolve("index.json");
                Await.until("a cache index checkpoint with the fetched object", Duration.ofSeconds(20),
                        () -> Files.exists(index) && Files.readString(index).contains("blob.bin"));
                proc.kill();
            }
            try (WorkerProcess again = WorkerProcess.start(infra, svc, probeSources(), "restart-p1", cacheDir)) {
                Map<String, List<Integer>> after = awaitWorkers(p, svc, Duration.ofSeconds(60),
                        ws -> ws.containsKey("restart-p1") && !ws.get("restart-p1").isEmpty());
                assertEquals(new TreeSet<>(partitionsBefore), new TreeSet<>(after.get("restart-p1")),
                        "static membership gives the restarted worker its partitions back");
                HttpResponse<String> r = request(p, svc, key);
                assertEquals(200, r.statusCode(), r.body());
                assertEquals("restart-p1", r.headers().firstValue("Memrun-Worker").orElseThrow());
                assertEquals("hit", r.headers().firstValue("Memrun-Cache").orElseThrow(), again.output());
            }
        }
    }

    private static HttpResponse<String> request(LocalPlatform p, String svc, String key) throws Exception {
        return Http.post(p.httpPort(), "/v1/services/" + svc + "/invoke",
                "{\"k\":\"" + key + "\",\"path\":\"s3://restart-data/blob.bin\"}");
    }

    private static String keyServedBy(LocalPlatform p, String svc, String worker) throws Exception {
        for (int i = 0; i < 200; i++) {
            HttpResponse<String> r = Http.post(p.httpPort(), "/v1/services/" + svc + "/invoke", "{\"k\":\"probe" + i + "\"}");
            if (worker.equals(r.headers().firstValue("Memrun-Worker").orElse(""))) {
                return "probe" + i;
            }
        }
        throw new AssertionError("no key routed to " + worker);
    }

    @Test
    void sigterm_underLoad_drainsLosesNothingAndExitsZero() throws Exception {
        String svc = "term-svc";
        SharedInfra infra = SharedInfra.get();
        try (LocalPlatform p = platform(svc);
             WorkerProcess proc = WorkerProcess.start(infra, svc, probeSources(), "term-p1", infra.newDir("term-p1"))) {
            String w0 = svc + "-w0";
            int total = p.service().partitions();
            awaitWorkers(p, svc, Duration.ofSeconds(60), ws -> bothHavePartitions(ws, w0, "term-p1", total));
            Load load = Load.start(p.httpPort(), "/v1/services/" + svc + "/invoke", 16, 50,
                    k -> "{\"k\":\"k" + k + "\",\"sleep_ms\":50}");
            load.awaitOutcomes(20, o -> "term-p1".equals(o.worker()), Duration.ofSeconds(30));
            long termAt = System.nanoTime();
            int exit = proc.terminate(30);
            double exitSeconds = (System.nanoTime() - termAt) / 1e9;
            // The drained worker left the group: its partitions moved to w0, which keeps serving.
            load.awaitOutcomes(50, o -> o.sentNanos() > termAt && w0.equals(o.worker()), Duration.ofSeconds(30));
            List<Load.Outcome> outcomes = load.stop();
            assertEquals(0, exit, proc.output());
            List<Load.Outcome> failed = outcomes.stream().filter(o -> o.status() != 200).toList();
            assertTrue(failed.isEmpty(), failed.size() + " of " + outcomes.size() + " failed, e.g. " + failed.stream().limit(3).toList());
            System.out.printf("fault suite, SIGTERM of a worker process under load: %d requests, all 200; worker exited 0 in %.1f s%n", outcomes.size(), exitSeconds);
        }
    }
}
