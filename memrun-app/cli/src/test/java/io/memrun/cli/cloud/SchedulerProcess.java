package io.memrun.cli.cloud;

import io.memrun.runtime.testing.Await;
import io.memrun.runtime.testing.SharedInfra;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code memrun cloud up} as its own JVM, against the shared embedded broker and store and a
 * Hetzner-compatible API, so a test can SIGKILL it and start it again on the same data directory.
 */
final class SchedulerProcess implements AutoCloseable {
    static final String ADMIN_TOKEN = "mr_admin_test-token-for-the-suite";

    private final Process process;
    private final Path log;
    private final int port;

    private SchedulerProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts a scheduler on {@code port} with its state in {@code dataDir} and waits until it is healthy. */
    static SchedulerProcess start(SharedInfra infra, Path dataDir, int port, URI hetznerEndpoint, String hetznerToken,
                                  Path workerJar) throws Exception {
        return start(infra, dataDir, port, hetznerEndpoint, hetznerToken, workerJar, List.of(), Map.of());
    }

    /** As above, with more {@code cloud up} options and environment variables. */
    static SchedulerProcess start(SharedInfra infra, Path dataDir, int port, URI hetznerEndpoint, String hetznerToken,
                                  Path workerJar, List<String> extraArgs, Map<String, String> extraEnv) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--sun-misc-unsafe-memory-access=allow", "-Xmx384m",
                "-cp", System.getProperty("java.class.path"), "io.memrun.cli.Main", "cloud", "up",
                "--kafka-bootstrap", infra.bootstrapServers(),
                "--s3-endpoint", infra.storeSettings().endpoint().toString(),
                "--bucket", "cloud-test-artifacts", "--http-port", Integer.toString(port),
                "--data-dir", dataDir.toString(), "--worker-jar", workerJar.toString(),
                "--heartbeat", "PT1S"));
        if (!extraArgs.contains("--boot-deadline")) {
            cmd.addAll(List.of("--boot-deadline", "PT60S"));
        }
        cmd.addAll(extraArgs);
        Files.createDirectories(dataDir);
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-" + System.nanoTime() + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("HCLOUD_ENDPOINT", hetznerEndpoint.toString());
        env.put("HCLOUD_TOKEN", hetznerToken);
        env.put("MEMRUN_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("MEMRUN_S3_SECRET_KEY", infra.storeSettings().secretKey());
        env.putAll(extraEnv);
        SchedulerProcess s = new SchedulerProcess(pb.start(), log, port);
        try {
            HttpClient http = HttpClient.newHttpClient();
            Await.until("the scheduler answers /health (log " + log + ")", Duration.ofSeconds(60), () -> {
                if (!s.process.isAlive()) {
                    throw new IllegalStateException("the scheduler exited: " + s.output());
                }
                try {
                    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (Exception | Error e) {
            s.kill();
            throw e;
        }
        return s;
    }

    int port() {
        return port;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** SIGKILL: no cleanup at all. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    /** SIGTERM and the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the scheduler did not stop within 60 s: " + output());
        }
        return process.exitValue();
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            terminate();
        }
    }
}
