package io.memrun.cli.cloud;

import static io.memrun.cli.cloud.CloudClients.cli;
import static io.memrun.cli.cloud.CloudClients.json;
import static io.memrun.cli.cloud.CloudClients.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.memrun.cli.Main;
import io.memrun.cloud.hetzner.sim.HetznerSim;
import io.memrun.cloud.hetzner.sim.SimSettings;
import io.memrun.cloud.scheduler.WorkerJar;
import io.memrun.examples.analytics.SampleData;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.runtime.testing.Await;
import io.memrun.runtime.testing.Load;
import io.memrun.runtime.testing.SharedInfra;
import io.memrun.runtime.wire.TopicAdmin;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Cloud mode end to end, with real processes: the scheduler in its own JVM, the Hetzner-compatible
 * API booting each server's user-data into a real {@code memrun worker} JVM, the shared embedded
 * broker and store. The tests run in order on one scheduler: deploy, scale, faults, destroy.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CloudModeTest {
    static final String CLOUD_SVC = """
            package cloudsvc;

            import io.memrun.sdk.MemoryService;
            import java.util.Map;

            public class CloudSvc {
                public static void main(String[] args) {
                    MemoryService.builder("cloud-svc").memory("1Gi").disk("10Gi").maxWorkers(4).concurrency(16)
                            .handler("k", (ctx, req) -> Map.of("worker", ctx.shared().workerId(), "k", req.text("k")))
                            .build()
                            .deploy();
                }
            }
            """;

    private static SharedInfra infra;
    private static HetznerSim sim;
    private static SchedulerProcess scheduler;
    private static Path dir;
    private static Path tokenFile;
    private static final Map<String, String> ADMIN = Map.of("Authorization", "Bearer " + SchedulerProcess.ADMIN_TOKEN);

    @BeforeAll
    static void start() throws Exception {
        infra = SharedInfra.get();
        dir = infra.newDir("cloud-mode");
        tokenFile = dir.resolve("admin-token");
        try (ObjectStore s3 = infra.objectStore()) {
            ObjectUri sample = ObjectUri.parse(SampleData.SAMPLE_S3_PATH);
            s3.ensureBucket(sample.bucket());
            s3.upload(sample, SampleData.sampleCsv());
        }
        sim = HetznerSim.start(SimSettings.defaults(dir.resolve("sim")).withBootDelay(Duration.ofMillis(200)));
        Path jar = WorkerJar.resolve(Main.class, dir.resolve("jar"));
        scheduler = SchedulerProcess.start(infra, dir.resolve("scheduler"), freePort(), sim.endpoint(), SimSettings.DEFAULT_TOKEN, jar);
    }

    @AfterAll
    static void stop() throws Exception {
        if (scheduler != null) {
            scheduler.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static JsonNode simServers(String selector) throws Exception {
        return json("GET", URI.create(sim.endpoint() + "/servers?per_page=50&label_selector=" + selector), SimSettings.DEFAULT_TOKEN, null)
                .path("servers");
    }

    static JsonNode status(String service) throws Exception {
        return json("GET", scheduler.url().resolve("/v1/cloud/status?events=30&service=" + service), SchedulerProcess.ADMIN_TOKEN, null)
                .path("services").path(0);
    }

    private static String exampleBody(int key) {
        return "{\"user_id\":\"u" + key + "\",\"dataset_id\":\"sales-2026\",\"s3_path\":\"" + SampleData.SAMPLE_S3_PATH
                + "\",\"query\":{\"op\":\"count\"}}";
    }

    @Test
    @Order(0)
    void badInput_brokenArtifactTooManyWorkersUnknownService_clearErrorsAndNothingCreated() throws Exception {
        Path broken = dir.resolve("broken/src/cloudsvc");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("CloudSvc.java"), CLOUD_SVC.replace("maxWorkers(4)", "maxWorkers(\"four\")"));
        CloudClients.Run r = cli(scheduler.url(), tokenFile, "deploy", dir.resolve("broken").toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("artifact does not load") && r.err().contains("CloudSvc.java:"), r.err());

        r = cli(scheduler.url(), tokenFile, "deploy", "--workers", "11");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("maxWorkers(10)"), r.err());

        r = cli(scheduler.url(), tokenFile, "scale", "no-such-svc", "2");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("no service named 'no-such-svc'"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals(0, simServers("memrun.io/cluster=memrun").size(), "nothing was created");
    }

    @Test
    @Order(1)
    void deploy_example2Workers_labelledServersConfiguredTopicsStickyKeysAndAuth() throws Exception {
        long t0 = System.nanoTime();
        CloudClients.Run deploy = cli(scheduler.url(), tokenFile, "deploy", "--workers", "2", "--timeout", "PT2M");
        assertEquals(0, deploy.code(), deploy + scheduler.output());
        assertTrue(deploy.out().contains("analytics-engine is up: 2 worker(s) serving revision"), deploy.out());
        HttpResponse<String> first = Await.until("a first answered request", Duration.ofSeconds(30),
                () -> send("POST", scheduler.url().resolve("/v1/services/analytics-engine/invoke"), SchedulerProcess.ADMIN_TOKEN,
                        exampleBody(0)), r -> r.statusCode() == 200);
        System.out.printf("cloud rehearsal: deploy to first answered request %.1f s%n", (System.nanoTime() - t0) / 1e9);
        assertTrue(first.body().contains("\"value\":1000"), first.body());

        JsonNode servers = simServers("memrun.io/service=analytics-engine");
        assertEquals(2, servers.size(), servers.toString());
        Set<String> slots = new HashSet<>();
        for (JsonNode s : servers) {
            JsonNode labels = s.path("labels");
            assertEquals("memrun", labels.path("memrun.io/cluster").asText());
            assertEquals("worker", labels.path("memrun.io/role").asText());
            slots.add(labels.path("memrun.io/slot").asText());
        }
        assertEquals(Set.of("0", "1"), slots);

        try (TopicAdmin admin = new TopicAdmin(infra.kafka())) {
            Map<String, String> configs = admin.topicConfigs("memrun.analytics-engine.requests");
            assertEquals("false", configs.get("unclean.leader.election.enable"));
            assertEquals("21600000", configs.get("retention.ms"));
            assertEquals("3600000", configs.get("segment.ms"));
            assertEquals("1", configs.get("min.insync.replicas"), "one broker here: min(3, brokers) = 1 replica");
            assertEquals("compact", admin.topicConfigs("memrun.heartbeats").get("cleanup.policy"));
        }

        Map<String, Set<String>> workersByKey = new HashMap<>();
        for (int i = 0; i < 60; i++) {
            int key = i % 12;
            HttpResponse<String> r = send("POST", scheduler.url().resolve("/v1/services/analytics-engine/invoke"),
                    SchedulerProcess.ADMIN_TOKEN, exampleBody(key));
            assertEquals(200, r.statusCode(), r.body());
            workersByKey.computeIfAbsent("u" + key, k -> new HashSet<>()).add(r.headers().firstValue("Memrun-Worker").orElseThrow());
        }
        workersByKey.forEach((k, w) -> assertEquals(1, w.size(), k + " went to " + w));
        assertEquals(2, workersByKey.values().stream().flatMap(Set::stream).distinct().count(), "both workers serve");

        // Auth: no token, a wrong token, an invoke token outside its service.
        URI invoke = scheduler.url().resolve("/v1/services/analytics-engine/invoke");
        assertEquals(401, send("POST", invoke, null, exampleBody(1)).statusCode());
        assertEquals(401, send("POST", invoke, "mr_admin_guess", exampleBody(1)).statusCode());
        CloudClients.Run token = cli(scheduler.url(), tokenFile, "token", "create", "--invoke", "analytics-engine");
        assertEquals(0, token.code(), token.toString());
        String invokeToken = token.out().trim();
        assertEquals(200, send("POST", invoke, invokeToken, exampleBody(1)).statusCode());
        assertEquals(403, send("POST", scheduler.url().resolve("/v1/cloud/deploy"), invokeToken, "{}").statusCode());
        assertEquals(403, send("GET", scheduler.url().resolve("/v1/cloud/status"), invokeToken, null).statusCode());
        assertEquals(401, send("GET", scheduler.url().resolve("/v1/info"), null, null).statusCode());
        String info = json("GET", scheduler.url().resolve("/v1/info"), SchedulerProcess.ADMIN_TOKEN, null).toString();
        assertTrue(info.contains(sim.endpoint().toString()), info);
        assertFalse(info.contains(infra.storeSettings().secretKey()), "no credential in /v1/info: " + info);

        // A server's bootstrap token works once: replaying it is refused.
        JsonNode simView = json("GET", sim.hooks().resolve("/_sim/servers"), null, null);
        Path fsRoot = Path.of(simView.path("servers").path(0).path("fs_root").asText());
        Properties bootstrap = new Properties();
        try (var in = Files.newBufferedReader(fsRoot.resolve("etc/memrun/bootstrap.properties"))) {
            bootstrap.load(in);
        }
        HttpResponse<String> replay = send("POST", scheduler.url().resolve("/v1/cloud/enroll"), null,
                "{\"server_name\":\"" + bootstrap.getProperty("server.name") + "\",\"token\":\"" + bootstrap.getProperty("bootstrap.token") + "\"}");
        assertEquals(403, replay.statusCode(), replay.body());
        assertTrue(replay.body().contains("already used"), replay.body());
        String workerJson = Files.readString(fsRoot.resolve("var/lib/memrun/worker.json"));
        assertTrue(workerJson.contains("\"s3SecretKey\""), "the credentials are in the worker's own 0600 file");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(fsRoot.resolve("var/lib/memrun/worker.json"))));

        CloudClients.Run destroy = cli(scheduler.url(), tokenFile, "destroy", "analytics-engine", "--delete-topics", "--timeout", "PT2M");
        assertEquals(0, destroy.code(), destroy.toString());
        assertEquals(0, simServers("memrun.io/service=analytics-engine").size());
        try (TopicAdmin admin = new TopicAdmin(infra.kafka())) {
            Await.until("the example's topic is gone", Duration.ofSeconds(30),
                    () -> admin.topicsWithPrefix("memrun.analytics-engine.").isEmpty());
        }
    }

    @Test
    @Order(2)
    void scale_2to3to1UnderLoad_noRequestFailsAndServersLeaveAfterTheirWorker() throws Exception {
        Path src = dir.resolve("cloud-svc/src/cloudsvc");
        Files.createDirectories(src);
        Files.writeString(src.resolve("CloudSvc.java"), CLOUD_SVC);
        CloudClients.Run deploy = cli(scheduler.url(), tokenFile, "deploy", dir.resolve("cloud-svc").toString(), "--workers", "2",
                "--timeout", "PT2M");
        assertEquals(0, deploy.code(), deploy + scheduler.output());
        long since = lastCallSeq();
        try (Load load = Load.start(scheduler.port(), "/v1/services/cloud-svc/invoke", 3, 24, k -> "{\"k\":\"k" + k + "\"}", ADMIN)) {
            load.awaitOutcomes(30, o -> o.status() == 200, Duration.ofSeconds(30));
            CloudClients.Run up = cli(scheduler.url(), tokenFile, "scale", "cloud-svc", "3", "--timeout", "PT2M");
            assertEquals(0, up.code(), up.toString());
            int before = load.outcomes().size();
            load.awaitOutcomes(before + 30, o -> true, Duration.ofSeconds(30));
            CloudClients.Run down = cli(scheduler.url(), tokenFile, "scale", "cloud-svc", "1", "--timeout", "PT2M");
            assertEquals(0, down.code(), down.toString());
            before = load.outcomes().size();
            load.awaitOutcomes(before + 30, o -> true, Duration.ofSeconds(30));
            List<Load.Outcome> outcomes = load.stop();
            List<Load.Outcome> failed = outcomes.stream().filter(o -> o.status() != 200).toList();
            assertEquals(List.of(), failed, "of " + outcomes.size());
            System.out.printf("cloud scale 2->3->1: %d requests, all 200%n", outcomes.size());
        }
        // Every server deleted by the scale-in was shut down first (its worker drained and left the group).
        Set<String> shutDown = new HashSet<>();
        int deletes = 0;
        for (JsonNode c : calls(since)) {
            String path = c.path("path").asText();
            if (c.path("method").asText().equals("POST") && path.endsWith("/actions/shutdown")) {
                shutDown.add(path.replace("/actions/shutdown", ""));
            }
            if (c.path("method").asText().equals("DELETE") && path.startsWith("/v1/servers/")) {
                deletes++;
                assertTrue(shutDown.contains(path), "deleted without a shutdown first: " + path);
            }
        }
        assertEquals(2, deletes);
        assertEquals(1, simServers("memrun.io/service=cloud-svc").size());
    }

    @Test
    @Order(3)
    void faults_crashHangAndRemoveUnderLoad_replacedAndNoAcceptedRequestLost() throws Exception {
        CloudClients.Run two = cli(scheduler.url(), tokenFile, "scale", "cloud-svc", "2", "--timeout", "PT2M");
        assertEquals(0, two.code(), two.toString());
        try (Load load = Load.start(scheduler.port(), "/v1/services/cloud-svc/invoke", 3, 24, k -> "{\"k\":\"k" + k + "\"}", ADMIN)) {
            load.awaitOutcomes(20, o -> o.status() == 200, Duration.ofSeconds(30));
            for (String fault : List.of("crash", "hang", "remove")) {
                JsonNode victim = simServers("memrun.io/service=cloud-svc").path(0);
                long t0 = System.nanoTime();
                json("POST", sim.hooks().resolve("/_sim/servers/" + victim.path("id").asLong() + "/" + fault), null, "{}");
                Await.until("slot replaced after " + fault, Duration.ofSeconds(90), () -> {
                    JsonNode st = status("cloud-svc");
                    boolean victimGone = true;
                    for (JsonNode s : st.path("servers")) {
                        if (s.path("id").asLong() == victim.path("id").asLong()) {
                            victimGone = false;
                        }
                    }
                    return victimGone && st.path("serving").asInt() == 2;
                });
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf("cloud fault %s: slot serving again after %.1f s (heartbeat 1 s, boot delay 0.2 s)%n", fault, seconds);
                assertTrue(seconds < 3 * 1 + 45, fault + " took " + seconds + " s");
                int before = load.outcomes().size();
                load.awaitOutcomes(before + 20, o -> true, Duration.ofSeconds(60));
            }
            List<Load.Outcome> outcomes = load.stop();
            List<Load.Outcome> failed = outcomes.stream().filter(o -> o.status() != 200).toList();
            assertEquals(List.of(), failed, "of " + outcomes.size());
        }
    }

    @Test
    @Order(4)
    void destroyAll_deleteTopics_leavesNoServerProcessOrTopicAndIsIdempotent() throws Exception {
        List<Long> pids = new ArrayList<>();
        for (JsonNode s : json("GET", sim.hooks().resolve("/_sim/servers"), null, null).path("servers")) {
            for (JsonNode p : s.path("processes")) {
                pids.add(p.path("pid").asLong());
            }
        }
        assertFalse(pids.isEmpty());
        CloudClients.Run destroy = cli(scheduler.url(), tokenFile, "destroy", "--all", "--delete-topics", "--timeout", "PT2M");
        assertEquals(0, destroy.code(), destroy.toString());
        assertEquals(0, simServers("memrun.io/cluster=memrun").size());
        Await.until("every worker process exits", Duration.ofSeconds(60),
                () -> pids.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
        try (TopicAdmin admin = new TopicAdmin(infra.kafka())) {
            Await.until("the service's topic is gone", Duration.ofSeconds(30),
                    () -> admin.topicsWithPrefix("memrun.cloud-svc.").isEmpty());
        }
        CloudClients.Run again = cli(scheduler.url(), tokenFile, "destroy", "--all", "--delete-topics");
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().contains("nothing to destroy"), again.out());
    }

    private static long lastCallSeq() throws Exception {
        JsonNode calls = json("GET", sim.hooks().resolve("/_sim/calls"), null, null).path("calls");
        return calls.isEmpty() ? 0 : calls.get(calls.size() - 1).path("seq").asLong();
    }

    private static JsonNode calls(long since) throws Exception {
        return json("GET", sim.hooks().resolve("/_sim/calls?since=" + since), null, null).path("calls");
    }
}
