package io.memrun.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.shell.MemrunShell;
import io.memrun.shell.ShellSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The scripted shell against a stub gateway: output format, failures as one line, the exit code. */
class ScriptSessionTest {
    private static StubGateway gateway;

    @BeforeAll
    static void start() throws IOException {
        gateway = new StubGateway();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private record Run(int code, String out) {
    }

    private static Run script(URI url, String... lines) throws IOException {
        StringWriter out = new StringWriter();
        int code = MemrunShell.runScript(ShellSettings.of(url), new StringReader(String.join("\n", lines)), new PrintWriter(out));
        return new Run(code, out.toString());
    }

    @Test
    void send_thenAgain_showsWorkerPartitionMissThenHit() throws IOException {
        Run r = script(gateway.uri(), "send echo user_id=u1 dataset_id=d-send query.op=sum", "again");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("{\"echo\":{\"user_id\":\"u1\",\"dataset_id\":\"d-send\",\"query\":{\"op\":\"sum\"}}}"), r.out());
        assertTrue(r.out().matches("(?s).*worker echo-w\\d  partition \\d  cache miss .*"), r.out());
        assertTrue(r.out().matches("(?s).*worker echo-w\\d  partition \\d  cache hit .*"), r.out());
        assertTrue(r.out().contains("time   total 60.0 ms = queue 1.00 ms + state tax 50.0 ms (fetch 40.0 ms, decode 10.0 ms)"
                + " + compute 5.00 ms + transport 4.00 ms"), r.out());
    }

    @Test
    void send_rawJson_isSentAsIs() throws IOException {
        Run r = script(gateway.uri(), "send echo {\"user_id\": \"u 1\", \"dataset_id\": 7}");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("{\"echo\":{\"user_id\":\"u 1\",\"dataset_id\":7}}"), r.out());
    }

    @Test
    void platformError_isOneLine_andScriptGoesOnButFails() throws IOException {
        Run r = script(gateway.uri(), "send echo user_id=u1", "send nope a=1", "services");
        assertEquals(1, r.code());
        String[] lines = r.out().split("\n");
        assertEquals("error 400 missing sticky-key field: request is missing sticky-key field dataset_id (sticky key user_id:dataset_id)",
                lines[0]);
        assertEquals("error 404 unknown service: no service named 'nope'; GET /v1/services lists the deployed ones", lines[1]);
        assertTrue(lines[2].startsWith("NAME"), r.out());
        assertFalse(r.out().contains("\tat "), "no stack trace");
    }

    @Test
    void services_andWorkers_areTables() throws IOException {
        Run r = script(gateway.uri(), "services", "workers echo");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("echo  user_id:dataset_id  8           1.0 GiB  10.0 GiB  2            16           3"), r.out());
        assertTrue(r.out().contains("echo-w0  ok      0-3,6 (5)   0          9/1          4/1              1.5 KiB  1      0        3 s ago"),
                r.out());
    }

    @Test
    void bench_smallRun_printsPercentilesAndHitRate() throws IOException {
        Run r = script(gateway.uri(), "bench echo -n 50 -c 4 --keys 5 --dist uniform user_id=u dataset_id=bench{k}");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("bench echo: 50 requests, 4 concurrent, 5 keys (uniform)"), r.out());
        assertTrue(r.out().contains("p99"), r.out());
        assertTrue(r.out().contains("hit rate 90.0% (45 hits, 5 misses"), r.out());
        assertTrue(r.out().contains("errors      0"), r.out());
    }

    @Test
    void kill_devWorker_printsStatus() throws IOException {
        Run r = script(gateway.uri(), "kill echo-w0");
        assertEquals(0, r.code(), r.out());
        assertEquals("echo-w0: stopped\n", r.out());
    }

    @Test
    void ls_withoutInfoEndpoint_saysWhatToDo() throws IOException {
        Run r = script(gateway.uri(), "ls");
        assertEquals(1, r.code());
        assertTrue(r.out().contains("has no GET /v1/info") && r.out().contains("--s3-endpoint"), r.out());
    }

    @Test
    void usageErrors_andUnknownCommands_sayHowToFix() throws IOException {
        Run r = script(gateway.uri(), "frobnicate", "send", "bench echo -c x", "again", "send echo 'open");
        assertEquals(1, r.code());
        assertTrue(r.out().contains("unknown command 'frobnicate'; `help` lists the commands"), r.out());
        assertTrue(r.out().contains("Missing required parameter: 'SERVICE'"), r.out());
        assertTrue(r.out().contains("usage: send [--timeout=DURATION] SERVICE [FIELD=VALUE...]"), r.out());
        assertTrue(r.out().contains("Invalid value for option '-c'"), r.out());
        assertTrue(r.out().contains("nothing to repeat yet"), r.out());
        assertTrue(r.out().contains("unclosed ' starting at column 11"), r.out());
    }

    @Test
    void help_listsEveryCommand_andExplainsOne() throws IOException {
        Run r = script(gateway.uri(), "help", "help bench", "# a comment", "", "exit", "send never runs");
        assertEquals(0, r.code(), r.out());
        for (String c : new String[] {"send", "again", "services", "workers", "bench", "upload", "ls", "rm", "kill",
                "restart", "info", "help", "exit"}) {
            assertTrue(r.out().contains("\n  " + c + " "), c + " missing: " + r.out());
        }
        assertTrue(r.out().contains("--dist=uniform|zipf"), r.out());
        assertFalse(r.out().contains("'never'"), "nothing runs after exit: " + r.out());
    }

    @Test
    void gatewayDown_saysSoInOneLine() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run r = script(URI.create("http://127.0.0.1:" + port), "services");
        assertEquals(1, r.code());
        assertTrue(r.out().startsWith("cannot reach memrun at http://127.0.0.1:" + port), r.out());
        assertTrue(r.out().contains("is `memrun dev` running?"), r.out());
        assertEquals(1, r.out().strip().lines().count(), r.out());
    }
}
