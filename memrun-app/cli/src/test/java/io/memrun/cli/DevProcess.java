package io.memrun.cli;

import io.memrun.runtime.testing.Await;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A whole {@code memrun dev --no-shell} stack (embedded broker and store, gateway, local workers, the
 * bundled example) as its own JVM on fixed ports and a data directory, so a test can SIGKILL all of it
 * at once and start it again on the same data.
 */
public final class DevProcess implements AutoCloseable {
    /** Free loopback ports for a stack: http, kafka, s3. */
    public record Ports(int http, int kafka, int s3) {
        public static Ports free() throws IOException {
            try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0); ServerSocket c = new ServerSocket(0)) {
                return new Ports(a.getLocalPort(), b.getLocalPort(), c.getLocalPort());
            }
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;

    private DevProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the stack and waits until {@code /health} says 200 (every worker owns partitions). */
    public static DevProcess start(Path dataDir, Ports ports, Duration timeout) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = List.of(java, "--sun-misc-unsafe-memory-access=allow", "-Xmx768m",
                "-cp", System.getProperty("java.class.path"), "io.memrun.cli.Main", "dev", "--no-shell",
                "--data-dir", dataDir.toString(), "--http-port", Integer.toString(ports.http()),
                "--kafka-port", Integer.toString(ports.kafka()), "--s3-port", Integer.toString(ports.s3()));
        Files.createDirectories(dataDir);
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-" + System.nanoTime() + ".log");
        DevProcess dev = new DevProcess(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start(), log);
        try {
            Await.until("memrun dev healthy on port " + ports.http() + " (log " + log + ")", timeout, () -> {
                if (!dev.process.isAlive()) {
                    throw new IllegalStateException("memrun dev exited: " + dev.output());
                }
                try {
                    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.http() + "/health"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (Exception | Error e) {
            dev.kill();
            throw e;
        }
        return dev;
    }

    /** SIGKILL: broker, store, gateway and workers die at once, without any cleanup. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    /** SIGTERM, then waits for the exit code. */
    public int terminate(long timeoutSeconds) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException("memrun dev did not exit within " + timeoutSeconds + " s after SIGTERM; log: " + log);
        }
        return process.exitValue();
    }

    /** The stack's output so far (for failure messages). */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
