package io.memrun.cloud.hetzner.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.memrun.runtime.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Servers that boot their cloud-config: files, a checked download, a systemd unit run as a real process. */
class HetznerSimBootTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path root;
    static HetznerSim sim;
    static SimClient api;
    static VmFixture vm;

    @BeforeAll
    static void start() throws Exception {
        vm = new VmFixture(root.resolve("fixture"));
        sim = HetznerSim.start(SimSettings.defaults(root.resolve("sim")).withBootDelay(Duration.ofMillis(100)));
        api = new SimClient(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
        vm.close();
    }

    @Test
    void boot_cloudConfig_writesFilesChecksJarAndRunsUnitUntilPoweroffAndDelete() throws Exception {
        long id = create("boot-full", "stay", true, VmFixture.sha256(VmFixture.JAR));
        Path fs = fs(id);
        long pid = awaitStarts(fs, 1).getFirst();
        assertArrayEquals(VmFixture.JAR, Files.readAllBytes(fs.resolve("opt/memrun/memrun.jar")));
        Path bootstrap = fs.resolve("etc/memrun/bootstrap.properties");
        assertEquals("token=single-use\n", Files.readString(bootstrap));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(bootstrap)));
        String env = Await.until("env written", WAIT, () -> read(fs.resolve("var/lib/app/env")), s -> !s.isEmpty());
        assertEquals(id + " boot-full hi yes " + fs.resolve("var/lib/app"), env);
        String console = Files.readString(Path.of(simServer(id).path("console_log").asText()));
        assertTrue(console.contains("sha256sum: /opt/memrun/memrun.jar: OK"), console);
        assertTrue(console.contains("hello from " + pid), console);
        assertFalse(console.contains("X-Amz-Signature"), "presigned query strings stay out of the console");
        assertEquals(pid, simServer(id).path("processes").get(0).path("pid").asLong());
        assertEquals(pid, simServer(id).path("pid").asLong());

        api.post("/v1/servers/" + id + "/actions/poweroff", null);
        Await.until("server off", WAIT, () -> api.status(id).equals("off"));
        assertFalse(alive(pid));
        assertTrue(Files.exists(fs.resolve("var/lib/app/stopped")), "stopped with SIGTERM, not killed");

        api.post("/v1/servers/" + id + "/actions/poweron", null);
        long second = awaitStarts(fs, 2).get(1);
        assertEquals("running", api.status(id));

        api.delete("/v1/servers/" + id);
        Await.until("server gone", WAIT, () -> api.status(id).equals("gone"));
        assertFalse(alive(second));
    }

    @Test
    void crashHook_runningServer_killsProcessAndServerIsOff() throws Exception {
        long id = create("boot-crash", "stay", true, VmFixture.sha256(VmFixture.JAR));
        long pid = awaitStarts(fs(id), 1).getFirst();
        assertEquals(200, api.post("/_sim/servers/" + id + "/crash", null).status());
        assertEquals("off", api.status(id));
        Await.until("process killed", WAIT, () -> !alive(pid));
        assertFalse(Files.exists(fs(id).resolve("var/lib/app/stopped")), "killed, no SIGTERM");
        assertEquals(0, simServer(id).path("processes").size(), "no restart after a crash");
        api.post("/v1/servers/" + id + "/actions/poweron", null);
        awaitStarts(fs(id), 2);
    }

    @Test
    void hangAndRemoveHooks_runningServer_stopResumeAndVanish() throws Exception {
        long id = create("boot-hang", "stay", true, VmFixture.sha256(VmFixture.JAR));
        long pid = awaitStarts(fs(id), 1).getFirst();
        api.post("/_sim/servers/" + id + "/hang", null);
        Await.until("process stopped", WAIT, () -> state(pid) == 'T');
        assertEquals("running", api.status(id), "a hung VM still looks running");
        api.post("/_sim/servers/" + id + "/resume", null);
        Await.until("process resumed", WAIT, () -> state(pid) != 'T');
        api.post("/_sim/servers/" + id + "/remove", null);
        assertEquals("gone", api.status(id));
        Await.until("process killed", WAIT, () -> !alive(pid));
    }

    @Test
    void restartOnFailure_processExitsNonZero_isStartedAgain() throws Exception {
        long id = create("boot-restart", "fail-once", true, VmFixture.sha256(VmFixture.JAR));
        List<Long> starts = awaitStarts(fs(id), 2);
        Await.until("second process up", WAIT, () -> alive(starts.get(1)));
        String console = Files.readString(Path.of(simServer(id).path("console_log").asText()));
        assertTrue(console.contains("main process exited, status 3"), console);
        assertEquals(2, simServer(id).path("processes").get(0).path("starts").asInt());
    }

    @Test
    void boot_badChecksumOrMissingJar_failsBootButServerRuns() throws Exception {
        long wrongSum = create("boot-badsum", "stay", true, "0".repeat(64));
        long missing = create("boot-404", "stay", false, VmFixture.sha256(VmFixture.JAR));
        String sumFailure = Await.until("boot failure", WAIT, () -> simServer(wrongSum).path("boot_failure").asText(),
                s -> !s.isEmpty());
        assertTrue(sumFailure.contains("sha256sum: /opt/memrun/memrun.jar: FAILED"), sumFailure);
        String getFailure = Await.until("boot failure", WAIT, () -> simServer(missing).path("boot_failure").asText(),
                s -> !s.isEmpty());
        assertTrue(getFailure.contains("returned error: 404"), getFailure);
        for (long id : List.of(wrongSum, missing)) {
            assertEquals("running", api.status(id));
            assertEquals(0, simServer(id).path("processes").size());
            assertFalse(Files.exists(fs(id).resolve("var/lib/app/starts")));
        }
    }

    @Test
    void close_runningServers_stopsTheirProcesses() throws Exception {
        long pid;
        try (HetznerSim own = HetznerSim.start(SimSettings.defaults(root.resolve("own")).withBootDelay(Duration.ZERO))) {
            SimClient client = new SimClient(own);
            var body = SimClient.server("close-me").put("user_data",
                    vm.userData("stay", vm.jarUrl(true), VmFixture.sha256(VmFixture.JAR)));
            assertEquals(201, client.post("/v1/servers", body).status());
            Path starts = root.resolve("own/servers/1/fs/var/lib/app/starts");
            pid = Long.parseLong(Await.until("unit started", WAIT, () -> read(starts), s -> !s.isEmpty()).strip());
            assertTrue(alive(pid));
        }
        assertFalse(alive(pid), "close() stops every server process");
    }

    private static long create(String name, String mode, boolean jarExists, String sha) throws Exception {
        var body = SimClient.server(name, "test", "boot").put("user_data",
                vm.userData(mode, vm.jarUrl(jarExists), sha));
        var r = api.post("/v1/servers", body);
        assertEquals(201, r.status(), r.toString());
        return r.body().path("server").path("id").asLong();
    }

    private static Path fs(long id) throws Exception {
        return Path.of(simServer(id).path("fs_root").asText());
    }

    private static JsonNode simServer(long id) throws Exception {
        for (JsonNode s : api.get("/_sim/servers").body().path("servers")) {
            if (s.path("id").asLong() == id) {
                return s;
            }
        }
        throw new AssertionError("no server " + id + " in /_sim/servers");
    }

    private static List<Long> awaitStarts(Path fs, int count) throws Exception {
        Path starts = fs.resolve("var/lib/app/starts");
        String text = Await.until(count + " starts of the unit", WAIT, () -> read(starts),
                s -> s.lines().count() >= count);
        return text.lines().map(Long::parseLong).toList();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The process state letter from /proc (Linux): R, S, T (stopped), ... */
    private static char state(long pid) {
        String stat = read(Path.of("/proc/" + pid + "/stat"));
        int close = stat.lastIndexOf(')');
        return close < 0 ? '?' : stat.charAt(close + 2);
    }

    private static void assertArrayEquals(byte[] expected, byte[] actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual);
    }
}
