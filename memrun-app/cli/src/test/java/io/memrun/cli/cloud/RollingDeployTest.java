package io.memrun.cli.cloud;

import static io.memrun.cli.cloud.CloudClients.cli;
import static io.memrun.cli.cloud.CloudClients.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.memrun.cli.Main;
import io.memrun.cloud.hetzner.sim.HetznerSim;
import io.memrun.cloud.hetzner.sim.SimSettings;
import io.memrun.cloud.scheduler.WorkerJar;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.runtime.service.ServiceSources;
import io.memrun.runtime.testing.Load;
import io.memrun.runtime.testing.SharedInfra;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Rolling deploys end to end (issue 11), with real processes: a scheduler JVM, the
 * Hetzner-compatible API booting each server into a real {@code memrun worker} JVM, the shared
 * embedded broker and store. A service whose handler reads objects through the cache runs on 3
 * slots under a bounded load; revision 2 rolls out with the warm handoff, then once more without it
 * (the comparison); a revision that cannot load on the servers, and one that never heartbeats, are
 * reverted by themselves; a rollback brings an earlier artifact back the same warm way.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollingDeployTest {
    private static final String SVC = "roll-svc";
    private static final int SLOTS = 3;
    private static final int OBJECTS = 24;
    private static final int KEYS = 48;
    private static final Map<String, String> ADMIN = Map.of("Authorization", "Bearer " + SchedulerProcess.ADMIN_TOKEN);
    private static final String SOURCE = """
            package rollsvc;

            import io.memrun.sdk.MemoryService;
            import java.util.Map;

            public class RollSvc {
                public static void main(String[] args) {
                    %LOAD%
                    MemoryService.builder("roll-svc").memory("1Gi").disk("10Gi").maxWorkers(4).concurrency(16)
                            .handler("k", (ctx, req) -> Map.of("v", %VERSION%, "size", ctx.getOrFetch(req.text("path")).size()))
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
    private static final Map<String, Path> jars = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        infra = SharedInfra.get();
        dir = infra.newDir("rolling");
        tokenFile = dir.resolve("admin-token");
        try (ObjectStore s3 = infra.objectStore()) {
            s3.ensureBucket("roll-data");
            for (int i = 0; i < OBJECTS; i++) {
                s3.upload(ObjectUri.parse("s3://roll-data/o" + i + ".bin"), new byte[96 * 1024 + i]);
            }
        }
        jars.put("v1", jar("v1", "1", ""));
        jars.put("v2", jar("v2", "2", ""));
        // Loads where the scheduler runs (it has ROLL_CONFIG), not on the servers: "throws on load" there.
        jars.put("broken", jar("broken", "3", "if (System.getenv(\"ROLL_CONFIG\") == null) { throw new IllegalStateException("
                + "\"ROLL_CONFIG is not set on this server\"); }"));
        // Hangs on the servers (waiting for a config that never comes), so it never heartbeats.
        jars.put("silent", jar("silent", "5", "if (System.getenv(\"ROLL_CONFIG\") == null) { while (System.nanoTime() != 0) {"
                + " java.util.concurrent.locks.LockSupport.park(); } }"));
        sim = HetznerSim.start(SimSettings.defaults(dir.resolve("sim")).withBootDelay(Duration.ofMillis(200)));
        Path workerJar = WorkerJar.resolve(Main.class, dir.resolve("jar"));
        scheduler = SchedulerProcess.start(infra, dir.resolve("scheduler"), freePort(), sim.endpoint(), SimSettings.DEFAULT_TOKEN,
                workerJar, List.of("--verify-for", "PT2S", "--reconcile-interval", "PT1S",
                        "--boot-deadline", "PT30S"), Map.of("ROLL_CONFIG", "present"));
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

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The service's sources with {@code version} and {@code load}, compiled into a jar. */
    private static Path jar(String name, String version, String load) throws Exception {
        Path src = dir.resolve("src-" + name).resolve("rollsvc");
        Files.createDirectories(src);
        Files.writeString(src.resolve("RollSvc.java"), SOURCE.replace("%VERSION%", version).replace("%LOAD%", load));
        Path classes = dir.resolve("classes-" + name);
        String main = ServiceSources.compile(src.getParent(), classes);
        Path jar = dir.resolve(name + ".jar");
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, main);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf); Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /** Keys skewed toward the low ones (a cubic law), so some objects are hot and some are not. */
    private static String body(int k) {
        int key = (int) (KEYS * Math.pow(k / 1000.0, 3));
        return "{\"k\":\"key" + key + "\",\"path\":\"s3://roll-data/o" + (key % OBJECTS) + ".bin\"}";
    }

    private static CloudClients.Run deploy(String jar, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("deploy", jars.get(jar).toString(), "--workers", Integer.toString(SLOTS),
                "--timeout", "PT4M"));
        args.addAll(List.of(more));
        return cli(scheduler.url(), tokenFile, args.toArray(String[]::new));
    }

    private static JsonNode status() throws Exception {
        return json("GET", scheduler.url().resolve("/v1/cloud/status?events=400&service=" + SVC), SchedulerProcess.ADMIN_TOKEN, null)
                .path("services").path(0);
    }

    private static long lastCallSeq() throws Exception {
        JsonNode calls = json("GET", sim.hooks().resolve("/_sim/calls"), null, null).path("calls");
        return calls.isEmpty() ? 0 : calls.get(calls.size() - 1).path("seq").asLong();
    }

    /** The most servers that existed at once since {@code since}, from the Hetzner API's record of calls. */
    private static int mostServersAtOnce(long since, int before) throws Exception {
        int now = before;
        int most = before;
        for (JsonNode c : json("GET", sim.hooks().resolve("/_sim/calls?since=" + since), null, null).path("calls")) {
            String path = c.path("path").asText();
            int status = c.path("status").asInt(200);
            if (c.path("method").asText().equals("POST") && path.equals("/v1/servers") && status < 300) {
                most = Math.max(most, ++now);
            } else if (c.path("method").asText().equals("DELETE") && path.startsWith("/v1/servers/") && status < 300) {
                now--;
            }
        }
        return most;
    }

    /** One rollout of {@code jar} under load: what the clients saw, and the handoffs the events describe. */
    private record Rollout(List<Load.Outcome> outcomes, CloudClients.Run run, int mostServers, List<String> events,
                           List<java.time.Instant> times, double seconds, long deployNanos) {
        /** The events with their seconds since the first. */
        List<String> timeline() {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                out.add(String.format(java.util.Locale.ROOT, "%6.1f s  %s",
                        Duration.between(times.get(0), times.get(i)).toMillis() / 1000.0, events.get(i)));
            }
            return out;
        }
    }

    private static Rollout rollOut(String jar, String... more) throws Exception {
        long since = lastCallSeq();
        int serversBefore = status().path("servers").size();
        long eventsBefore = status().path("events").size();
        List<Load.Outcome> outcomes;
        CloudClients.Run run;
        long deployNanos;
        long t0 = System.nanoTime();
        try (Load load = Load.start(scheduler.port(), "/v1/services/" + SVC + "/invoke", 4, 1000, RollingDeployTest::body, ADMIN,
                Duration.ofMillis(40))) {
            load.awaitOutcomes(50, o -> o.status() == 200, Duration.ofSeconds(30));
            deployNanos = System.nanoTime();
            run = deploy(jar, more);
            load.awaitOutcomes(load.outcomes().size() + 50, o -> true, Duration.ofSeconds(30));
            outcomes = load.stop();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<String> events = new ArrayList<>();
        List<java.time.Instant> times = new ArrayList<>();
        JsonNode all = status().path("events");
        for (int i = (int) Math.min(eventsBefore, all.size()); i < all.size(); i++) {
            events.add(all.get(i).path("message").asText());
            times.add(java.time.Instant.parse(all.get(i).path("at").asText()));
        }
        return new Rollout(outcomes, run, mostServersAtOnce(since, serversBefore), events, times, seconds, deployNanos);
    }

    private static Map<Integer, Integer> byStatus(List<Load.Outcome> outcomes) {
        Map<Integer, Integer> m = new TreeMap<>();
        outcomes.forEach(o -> m.merge(o.status(), 1, Integer::sum));
        return m;
    }

    /**
     * The hit rate of each new worker's first {@code n} answers (revision {@code version}'s), over all
     * its new workers: how warm a successor is when it takes over.
     */
    private static double earlyHitRate(List<Load.Outcome> outcomes, String version, int n) {
        Map<String, List<Load.Outcome>> byWorker = new HashMap<>();
        for (Load.Outcome o : outcomes) {
            if (o.status() == 200 && o.body().contains("\"v\":" + version)) {
                byWorker.computeIfAbsent(o.worker(), w -> new ArrayList<>()).add(o);
            }
        }
        long hits = 0;
        long all = 0;
        for (List<Load.Outcome> answers : byWorker.values()) {
            answers.sort(java.util.Comparator.comparingLong(Load.Outcome::doneNanos));
            for (Load.Outcome o : answers.subList(0, Math.min(n, answers.size()))) {
                all++;
                hits += o.cache().equals("hit") ? 1 : 0;
            }
        }
        return all == 0 ? Double.NaN : hits / (double) all;
    }

    private static double percentile(List<Load.Outcome> outcomes, double p) {
        List<Long> ms = outcomes.stream().filter(o -> o.status() == 200).map(o -> (o.doneNanos() - o.sentNanos()) / 1_000_000)
                .sorted().toList();
        return ms.isEmpty() ? Double.NaN : ms.get((int) Math.min(ms.size() - 1, Math.floor(p * ms.size())));
    }

    @Test
    @Order(1)
    void rollingDeploy_warm_oneSlotAtATime_noFailedRequest_samePartitions_hitsRightAway() throws Exception {
        CloudClients.Run first = deploy("v1");
        assertEquals(0, first.code(), first + scheduler.output());
        // Warm every worker: a few passes over the keys (the first is all misses).
        try (Load warm = Load.start(scheduler.port(), "/v1/services/" + SVC + "/invoke", 4, 1000, RollingDeployTest::body, ADMIN)) {
            warm.awaitOutcomes(600, o -> o.status() == 200, Duration.ofSeconds(60));
        }

        Rollout r = rollOut("v2");
        assertEquals(0, r.run().code(), r.run() + "\n" + String.join("\n", r.events()));
        assertEquals(Map.of(200, r.outcomes().size()), byStatus(r.outcomes()), "no request failed during the rollout");
        assertTrue(r.mostServers() <= SLOTS + 1, "at most one extra server at any instant: " + r.mostServers());

        // Each successor got exactly its predecessor's partitions, and each old server was deleted only
        // after its successor served.
        Pattern handed = Pattern.compile("slot s(\\d+): (\\S+) serves \\(.*partitions (\\[[^]]*]) -> (\\[[^]]*])\\)");
        int slots = 0;
        for (int i = 0; i < r.events().size(); i++) {
            Matcher m = handed.matcher(r.events().get(i));
            if (m.find()) {
                slots++;
                assertEquals(m.group(3), m.group(4), r.events().get(i));
                String successor = m.group(2);
                boolean deletedAfter = r.events().subList(i, r.events().size()).stream()
                        .anyMatch(e -> e.contains("(replaced by " + successor + ")"));
                assertTrue(deletedAfter, "the predecessor of " + successor + " is deleted after it serves: " + r.events());
            }
        }
        assertEquals(SLOTS, slots, String.join("\n", r.events()));
        assertTrue(r.events().stream().anyMatch(e -> e.contains("warming") || e.contains("is warm")), r.events().toString());
        assertEquals(SLOTS, status().path("servers").size());
        assertEquals("done", status().path("rollout").path("state").asText());

        double warmRate = earlyHitRate(r.outcomes(), "2", 20);
        List<Load.Outcome> beforeDeploy = r.outcomes().stream().filter(o -> o.sentNanos() < r.deployNanos()).toList();
        List<Load.Outcome> during = r.outcomes().stream().filter(o -> o.sentNanos() >= r.deployNanos()).toList();
        System.out.printf("rolling deploy (warm handoff), %d slots: %.1f s; %d requests during it, all 200; at most %d servers;"
                        + " hit rate of a new worker's first 20 answers: %.0f %%; latency p50/p99 before %.0f/%.0f ms, during"
                        + " %.0f/%.0f ms%n", SLOTS, r.seconds(), r.outcomes().size(), r.mostServers(), 100 * warmRate,
                percentile(beforeDeploy, 0.5), percentile(beforeDeploy, 0.99), percentile(during, 0.5), percentile(during, 0.99));
        r.timeline().forEach(e -> System.out.println("  " + e));

        // The same rollout without the warm handoff (the seed's "the new worker starts cold"), for comparison.
        Rollout cold = rollOut("v1", "--no-warm-handoff");
        assertEquals(0, cold.run().code(), cold.run() + "\n" + String.join("\n", cold.events()));
        assertEquals(Map.of(200, cold.outcomes().size()), byStatus(cold.outcomes()));
        double coldRate = earlyHitRate(cold.outcomes(), "1", 20);
        List<Load.Outcome> coldDuring = cold.outcomes().stream().filter(o -> o.sentNanos() >= cold.deployNanos()).toList();
        System.out.printf("rolling deploy (cold), %d slots: %.1f s; %d requests, all 200; hit rate of a new worker's first 20"
                        + " answers: %.0f %% (warm: %.0f %%); latency p50/p99 during %.0f/%.0f ms%n", SLOTS, cold.seconds(),
                cold.outcomes().size(), 100 * coldRate, 100 * warmRate, percentile(coldDuring, 0.5), percentile(coldDuring, 0.99));
        assertTrue(warmRate > coldRate, "warm " + warmRate + " vs cold " + coldRate);
    }

    @Test
    @Order(2)
    void revisionThatCannotLoad_revertedByItself_noFailedRequest_deployExitsNonZeroNamingTheCause() throws Exception {
        int revision = status().path("revision").asInt();
        Rollout r = rollOut("broken");
        assertEquals(1, r.run().code(), r.run().toString());
        assertTrue(r.run().out().contains("ROLL_CONFIG is not set") && r.run().out().contains("reverted"), r.run().out());
        assertEquals(Map.of(200, r.outcomes().size()), byStatus(r.outcomes()), "no request failed while it was reverted");
        JsonNode st = status();
        assertEquals("reverted", st.path("rollout").path("state").asText());
        assertEquals(revision, st.path("revision").asInt(), "back on the revision before");
        assertEquals(SLOTS, st.path("servers").size());
        System.out.printf("revert (throws on load): %.1f s, %d requests all 200; %s%n", r.seconds(), r.outcomes().size(),
                st.path("rollout").path("reason").asText());

        // The failed worker's own log says why, within seconds, through memrun cloud logs.
        CloudClients.Run logs = cli(scheduler.url(), tokenFile, "logs", SVC, "--worker", "s0", "-n", "500");
        assertEquals(0, logs.code(), logs.toString());
        assertTrue(logs.out().contains("the service does not load") && logs.out().contains("ROLL_CONFIG is not set"), logs.out());
        assertTrue(logs.out().contains("published its hot set"), "the handoff steps are in the workers' logs too: " + logs.out());
    }

    @Test
    @Order(3)
    void revisionThatNeverHeartbeats_revertedAtItsBootDeadline_noFailedRequest() throws Exception {
        int revision = status().path("revision").asInt();
        Rollout r = rollOut("silent");
        assertEquals(1, r.run().code(), r.run().toString());
        assertTrue(r.run().out().contains("sent no heartbeat within 30 s") && r.run().out().contains("reverted"), r.run().out());
        assertEquals(Map.of(200, r.outcomes().size()), byStatus(r.outcomes()), "no request failed while it was reverted");
        JsonNode st = status();
        assertEquals("reverted", st.path("rollout").path("state").asText());
        assertEquals(revision, st.path("revision").asInt());
        assertEquals(SLOTS, st.path("servers").size(), "the silent server is gone");
        System.out.printf("revert (never heartbeats): %.1f s (boot deadline 30 s), %d requests all 200%n", r.seconds(),
                r.outcomes().size());
    }

    @Test
    @Order(4)
    void rollback_earlierArtifactBackTheSameWarmWay() throws Exception {
        // One slot is enough to show it; the rolling mechanics were shown above on three.
        CloudClients.Run one = cli(scheduler.url(), tokenFile, "scale", SVC, "1", "--timeout", "PT2M");
        assertEquals(0, one.code(), one.toString());
        CloudClients.Run run = cli(scheduler.url(), tokenFile, "rollback", SVC, "--timeout", "PT4M");
        assertEquals(0, run.code(), run.toString());
        JsonNode st = status();
        assertEquals("done", st.path("rollout").path("state").asText());
        assertEquals(1, st.path("servers").size());
        assertTrue(st.path("events").toString().contains("rollback: revision"), st.path("events").toString());
        URI invoke = scheduler.url().resolve("/v1/services/" + SVC + "/invoke");
        String reply = CloudClients.send("POST", invoke, SchedulerProcess.ADMIN_TOKEN, body(0)).body();
        assertTrue(reply.contains("\"v\":2"), "the revision before v1's redeploy ran v2: " + reply);
    }
}
