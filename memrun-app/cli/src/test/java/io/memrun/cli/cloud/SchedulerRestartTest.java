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
import io.memrun.runtime.testing.Await;
import io.memrun.runtime.testing.SharedInfra;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler survives being killed and API weather: each step is idempotent and observed state
 * lives in Hetzner's labels, so a restart adopts what exists and never creates a duplicate.
 */
class SchedulerRestartTest {
    private SharedInfra infra;
    private HetznerSim sim;
    private Path dir;
    private Path jar;
    private Path tokenFile;
    private SchedulerProcess scheduler;

    @BeforeEach
    void start() throws Exception {
        infra = SharedInfra.get();
        dir = infra.newDir("cloud-restart");
        tokenFile = dir.resolve("admin-token");
        sim = HetznerSim.start(SimSettings.defaults(dir.resolve("sim")).withBootDelay(Duration.ofMillis(500)));
        jar = WorkerJar.resolve(Main.class, dir.resolve("jar"));
        Path src = Files.createDirectories(dir.resolve("svc/src/cloudsvc"));
        Files.writeString(src.resolve("CloudSvc.java"), CloudModeTest.CLOUD_SVC.replace("cloud-svc", serviceName()));
    }

    private String serviceName() {
        return "sched-restart-svc";
    }

    @AfterEach
    void stop() throws Exception {
        if (scheduler != null) {
            CloudClients.Run destroyed = cli(scheduler.url(), tokenFile, "destroy", "--all", "--delete-topics", "--timeout", "PT1M");
            scheduler.close();
            assertEquals(0, destroyed.code(), destroyed + scheduler.output());
        }
        sim.close();
    }

    private SchedulerProcess startScheduler(int port) throws Exception {
        return SchedulerProcess.start(infra, dir.resolve("scheduler"), port, sim.endpoint(), SimSettings.DEFAULT_TOKEN, jar);
    }

    private JsonNode servers() throws Exception {
        return json("GET", URI.create(sim.endpoint() + "/servers?per_page=50&label_selector=memrun.io/service=" + serviceName()),
                SimSettings.DEFAULT_TOKEN, null).path("servers");
    }

    private int serving() throws Exception {
        return json("GET", scheduler.url().resolve("/v1/cloud/status?service=" + serviceName()), SchedulerProcess.ADMIN_TOKEN, null)
                .path("services").path(0).path("serving").asInt();
    }

    private int successfulCreates() throws Exception {
        int n = 0;
        for (JsonNode c : json("GET", sim.hooks().resolve("/_sim/calls"), null, null).path("calls")) {
            if (c.path("method").asText().equals("POST") && c.path("path").asText().equals("/v1/servers") && c.path("status").asInt() == 201) {
                n++;
            }
        }
        return n;
    }

    @Test
    void sigkill_atSeveralPointsOfADeploy_restartCompletesItWithoutADuplicateServer() throws Exception {
        int port = CloudModeTest.freePort();
        scheduler = startScheduler(port);
        CloudClients.Run deploy = cli(scheduler.url(), tokenFile, "deploy", dir.resolve("svc").toString(), "--workers", "3", "--no-wait");
        assertEquals(0, deploy.code(), deploy.toString());
        scheduler.kill(); // 1: right after the deploy was accepted

        scheduler = startScheduler(port);
        Await.until("a first server exists", Duration.ofSeconds(60), () -> servers().size() >= 1);
        scheduler.kill(); // 2: in the middle of creating servers

        scheduler = startScheduler(port);
        Await.until("a worker enrolled", Duration.ofSeconds(90), () -> Files.exists(dir.resolve("sim")) && enrolled() >= 1);
        scheduler.kill(); // 3: while servers boot and enroll

        scheduler = startScheduler(port);
        Await.until("3 workers serve", Duration.ofSeconds(120), () -> serving() == 3);
        JsonNode servers = servers();
        Set<String> slots = new HashSet<>();
        servers.forEach(s -> slots.add(s.path("labels").path("memrun.io/slot").asText()));
        assertEquals(3, servers.size(), servers.toString());
        assertEquals(Set.of("0", "1", "2"), slots);
        assertEquals(3, successfulCreates(), "each slot's server was created once; events: "
                + json("GET", scheduler.url().resolve("/v1/cloud/status?events=60"), SchedulerProcess.ADMIN_TOKEN, null));
    }

    private int enrolled() throws Exception {
        int n = 0;
        for (JsonNode s : json("GET", sim.hooks().resolve("/_sim/servers"), null, null).path("servers")) {
            if (Files.exists(Path.of(s.path("fs_root").asText(), "var/lib/memrun/worker.json"))) {
                n++;
            }
        }
        return n;
    }

    @Test
    void apiWeather_429StormConflictAnd503OnCreate_deployConvergesWithinTheRateLimit() throws Exception {
        scheduler = startScheduler(CloudModeTest.freePort());
        json("POST", sim.hooks().resolve("/_sim/errors"), null,
                "{\"method\":\"POST\",\"path_prefix\":\"/v1/servers\",\"count\":2,\"status\":503,\"code\":\"unavailable\"}");
        json("POST", sim.hooks().resolve("/_sim/errors"), null,
                "{\"method\":\"POST\",\"path_prefix\":\"/v1/servers\",\"count\":1,\"status\":409,\"code\":\"conflict\"}");
        // A 429 storm on the scheduler's main read: with a full bucket, each names a reset time of about now.
        json("POST", sim.hooks().resolve("/_sim/errors"), null,
                "{\"method\":\"GET\",\"path_prefix\":\"/v1/servers\",\"count\":6,\"status\":429,\"code\":\"rate_limit_exceeded\"}");
        long t0 = System.nanoTime();
        CloudClients.Run deploy = cli(scheduler.url(), tokenFile, "deploy", dir.resolve("svc").toString(), "--workers", "2",
                "--timeout", "PT3M");
        assertEquals(0, deploy.code(), deploy + scheduler.output());
        int limited = 0;
        int requests = 0;
        for (JsonNode c : json("GET", sim.hooks().resolve("/_sim/calls"), null, null).path("calls")) {
            requests++;
            if (c.path("status").asInt() == 429) {
                limited++;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("cloud API weather: converged in %.1f s; %d API requests, %d answered 429%n", seconds, requests, limited);
        assertEquals(2, successfulCreates(), "creates refused with 503 were not duplicated");
        assertEquals(0, json("GET", sim.hooks().resolve("/_sim/errors"), null, null).path("errors").size(),
                "every injected error was met");
        assertEquals(6, limited, "only the injected 429s: the scheduler never ran into the rate limit itself");
    }

    @Test
    void deploy_serversNeverComeUp_exitsNonZeroWithTheLastEvents() throws Exception {
        scheduler = startScheduler(CloudModeTest.freePort());
        json("POST", sim.hooks().resolve("/_sim/boot_delay"), null, "{\"millis\":600000}");
        CloudClients.Run deploy = cli(scheduler.url(), tokenFile, "deploy", dir.resolve("svc").toString(), "--workers", "1",
                "--timeout", "PT5S");
        assertEquals(1, deploy.code(), deploy.toString());
        assertTrue(deploy.out().contains(serviceName() + " did not come up within 5 s; its last events:"), deploy.out());
        assertTrue(deploy.out().contains("created server memrun-" + serviceName() + "-s0-r1-g0"), deploy.out());
        json("POST", sim.hooks().resolve("/_sim/boot_delay"), null, "{\"millis\":100}");
    }

    @Test
    void up_hetznerRejectsTheToken_failsAtOnceSayingSoWithoutPrintingIt() throws Exception {
        String wrong = "wrong-hcloud-token-0123456789";
        long t0 = System.nanoTime();
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> SchedulerProcess.start(infra, dir.resolve("bad-token"), CloudModeTest.freePort(), sim.endpoint(), wrong, jar));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(e.getMessage().contains("Hetzner rejected the token"), e.getMessage());
        assertTrue(!e.getMessage().contains(wrong), "the token must not appear in any output");
        assertTrue(seconds < 30, "fails at once, took " + seconds + " s");
    }
}
