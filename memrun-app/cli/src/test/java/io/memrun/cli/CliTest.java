package io.memrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The CLI driven the way picocli recommends: execute(args) with captured writers. */
class CliTest {
    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void version_printsVersion() {
        Run r = run("--version");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("memrun "), r.out());
    }

    @Test
    void help_listsEveryCommand() {
        Run r = run("--help");
        assertEquals(0, r.code());
        for (String cmd : new String[] {"dev", "shell", "worker", "cloud"}) {
            assertTrue(r.out().contains(cmd), cmd + " missing from: " + r.out());
        }
    }

    @Test
    void cloud_withoutSubcommand_namesThem() {
        Run r = run("cloud");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("up, deploy, status, scale, destroy, token, sim"), r.err());
    }

    @Test
    void cloudStatus_noSchedulerRunning_saysHowToStartOne() throws Exception {
        java.nio.file.Path token = java.nio.file.Files.createTempFile("token", "");
        java.nio.file.Files.writeString(token, "mr_admin_x");
        Run r = run("cloud", "status", "--scheduler", "http://127.0.0.1:1", "--token-file", token.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no scheduler answers at http://127.0.0.1:1"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void cloudStatus_noToken_saysWhereTokensComeFrom() {
        Run r = run("cloud", "status", "--token-file", "/nonexistent/admin-token");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no token: set MEMRUN_TOKEN"), r.err());
    }

    @Test
    void dev_invalidWorkers_failsWithOneReadableLine() {
        Run r = run("dev", "--workers", "0", "--no-shell");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--workers must be between 1 and 64"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void dev_unusableLimitsOrClashingPorts_failAtOnceBeforeAnythingStarts() {
        long t0 = System.nanoTime();
        Run body = run("dev", "--max-body", "0", "--no-shell");
        assertEquals(1, body.code());
        assertTrue(body.err().contains("--max-body must be between 1Ki and 64Mi"), body.err());
        Run disk = run("dev", "--worker-disk", "0", "--no-shell");
        assertEquals(1, disk.code());
        assertTrue(disk.err().contains("--worker-disk must be at least 1Mi"), disk.err());
        Run ports = run("dev", "--http-port", "19999", "--kafka-port", "19999", "--no-shell");
        assertEquals(1, ports.code());
        assertTrue(ports.err().contains("must differ"), ports.err());
        assertTrue((System.nanoTime() - t0) / 1e9 < 5, "refused before start-up");
    }

    @Test
    void dev_missingArtifact_failsWithOneReadableLine() {
        Run r = run("dev", "/nonexistent/service.jar", "--no-shell");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("does not exist"), r.err());
    }

    @Test
    void dev_unknownOption_showsUsage() {
        Run r = run("dev", "--wrokers", "2");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Unknown option"), r.err());
    }
}
