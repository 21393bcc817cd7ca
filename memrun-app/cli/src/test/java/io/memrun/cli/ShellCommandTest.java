package io.memrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.memrun.dev.platform.LocalPlatform;
import io.memrun.runtime.gateway.GatewaySettings;
import io.memrun.runtime.registry.ServiceRegistry;
import io.memrun.runtime.testing.Http;
import io.memrun.runtime.testing.SharedInfra;
import io.memrun.sdk.CachedObject;
import io.memrun.sdk.MemoryService;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code memrun shell} scripted (stdin not a terminal) against a real platform: gateway, two
 * workers, the shared embedded broker and object store. What a user sees: keyed requests with
 * worker, partition and hit/miss, uploads, a bench, kill and restart of a local worker.
 */
class ShellCommandTest {
    private static final String SERVICE = "shell-e2e";
    private static final Pattern SERVED = Pattern.compile("worker (\\S+)  partition (\\d+)  cache (hit|miss|none)");
    private static LocalPlatform platform;
    private static ServiceRegistry registry;
    private static Path csv;

    @BeforeAll
    static void start() throws Exception {
        MemoryService svc = MemoryService.builder(SERVICE).maxWorkers(2)
                .handler("user_id:dataset_id", (ctx, req) -> {
                    CachedObject file = ctx.getOrFetch(req.text("s3_path"));
                    return Map.of("bytes", file.size(), "user", req.text("user_id"));
                }).build();
        registry = ServiceRegistry.inMemory("shell-e2e");
        SharedInfra infra = SharedInfra.get();
        Path work = infra.newDir("shell-e2e");
        platform = LocalPlatform.start(svc,
                LocalPlatform.Options.of(2, GatewaySettings.defaults("127.0.0.1", 0)).heartbeat(Duration.ofMillis(200)),
                infra.kafka(), infra.storeSettings(), registry, work);
        csv = Files.writeString(work.resolve("sales.csv"), "region,amount\n" + "eu,12.5\nus,7.25\n".repeat(2000));
        awaitWorkersReported(2);
    }

    @AfterAll
    static void stop() throws Exception {
        platform.close();
        registry.close();
    }

    /** The workers table needs heartbeats; poll (with a deadline) until both workers have sent one. */
    private static void awaitWorkersReported(int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            var r = Http.get(platform.httpPort(), "/v1/services/" + SERVICE + "/workers");
            if (r.statusCode() == 200 && new ObjectMapper().readTree(r.body()).path("workers").size() >= n) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("workers did not report within 30 s: " + r.body());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private record Run(int code, String out) {
    }

    private static Run shell(String... lines) {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new ShellCommand(new StringReader(String.join("\n", lines))));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        int code = cl.execute("--url", "http://127.0.0.1:" + platform.httpPort());
        return new Run(code, out.toString());
    }

    private static List<Matcher> served(String out) {
        return SERVED.matcher(out).results().map(r -> {
            Matcher m = SERVED.matcher(r.group());
            assertTrue(m.matches());
            return m;
        }).toList();
    }

    @Test
    void scriptedSession_sendsKeyedRequestsUploadsAndBenches() {
        String path = "s3://shell-e2e/data/sales.csv";
        Run r = shell(
                "services",
                "upload " + csv + " s3://shell-e2e/data/",
                "upload " + csv + " s3://shell-e2e/tmp/old.csv",
                "rm s3://shell-e2e/tmp/old.csv",
                "ls s3://shell-e2e/data/",
                "send shell-e2e user_id=u1 dataset_id=d1 s3_path=" + path,
                "again",
                "workers shell-e2e",
                "bench shell-e2e -n 60 -c 4 --keys 6 --dist zipf dataset_id=d1 s3_path=" + path);
        String out = r.out();
        assertEquals(0, r.code(), out);
        assertTrue(out.contains("shell-e2e  user_id:dataset_id  8 "), out);
        assertTrue(out.contains("uploaded " + csv + " to " + path), out);
        assertTrue(out.contains("removed s3://shell-e2e/tmp/old.csv"), out);
        assertTrue(out.contains("  " + path + "\n1 object, "), "ls shows the upload: " + out);

        long size = csv.toFile().length();
        assertTrue(out.contains("{\"bytes\":" + size + ",\"user\":\"u1\"}") || out.contains("{\"user\":\"u1\",\"bytes\":" + size + "}"), out);
        List<Matcher> replies = served(out);
        assertEquals(2, replies.size(), out);
        assertEquals("miss", replies.get(0).group(3), "the first request fetches: " + out);
        assertEquals("hit", replies.get(1).group(3), "the same key again is warm: " + out);
        assertEquals(replies.get(0).group(1), replies.get(1).group(1), "same key, same worker");
        assertEquals(replies.get(0).group(2), replies.get(1).group(2), "same key, same partition");
        assertTrue(out.contains("= queue ") && out.contains(" + state tax ") && out.contains(" + compute "), out);

        assertTrue(out.contains("shell-e2e-w0  ok") && out.contains("shell-e2e-w1  ok"), out);
        assertTrue(out.contains("bench shell-e2e: 60 requests, 4 concurrent, 6 keys (zipf s=1.0)"), out);
        assertTrue(out.contains("errors      0"), out);
        assertTrue(out.contains("cache       hit rate "), out);
        assertFalse(out.contains("\tat "), "no stack traces: " + out);
    }

    @Test
    void killAndRestart_localWorker_comesBackAndServes() {
        Run r = shell("kill shell-e2e-w0",
                "restart shell-e2e-w0",
                "upload " + csv + " s3://shell-e2e/kill/sales.csv",
                "send shell-e2e --timeout 60s user_id=k1 dataset_id=k1 s3_path=s3://shell-e2e/kill/sales.csv");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("shell-e2e-w0: killed\nshell-e2e-w0: running\n"), r.out());
        assertEquals(1, served(r.out()).size(), r.out());
    }

    @Test
    void platformErrors_areOneLineEach_andTheExitCodeIsOne() {
        Run r = shell("send shell-e2e user_id=u1",
                "send no-such-service a=1",
                "kill no-such-worker",
                "rm s3://shell-e2e/never/there.csv",
                "services");
        assertEquals(1, r.code(), r.out());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("error 400 missing sticky-key field: ") && lines.get(0).contains("dataset_id"), r.out());
        assertTrue(lines.get(1).startsWith("error 404 unknown service: no service named 'no-such-service'"), r.out());
        assertTrue(lines.get(2).startsWith("error 404 unknown worker: no local worker 'no-such-worker'"), r.out());
        assertEquals("no object s3://shell-e2e/never/there.csv", lines.get(3), r.out());
        assertTrue(lines.get(4).startsWith("NAME"), "the session went on: " + r.out());
        assertFalse(r.out().contains("\tat "), "no stack traces: " + r.out());
    }

    @Test
    void help_viaTheCli_listsTheShellOptions() {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        assertEquals(0, cl.execute("shell", "--help"));
        assertTrue(out.toString().contains("--url") && out.toString().contains("--s3-endpoint"), out.toString());
    }
}
