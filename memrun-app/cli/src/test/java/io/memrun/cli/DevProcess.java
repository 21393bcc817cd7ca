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

/**
 * A whole {@code memrun dev --no-shell} stack (embedded broker and store, gateway, local workers, the
 * bundled example) as its own JVM on fixed ports and a data directory, so a test can SIGKILL all of it
 * at once and start it again on the same data.
 */
public final class DevProcess extends ChildJvm {
    /** Free loopback ports for a stack: http, kafka, s3. */
    public record Ports(int http, int kafka, int s3) {
        public static Ports free() throws IOException {
            try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0); ServerSocket c = new ServerSocket(0)) {
                return new Ports(a.getLocalPort(), b.getLocalPort(), c.getLocalPort());
            }
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private DevProcess(Process process, Path log) {
        super(process, log, "memrun dev");
    }

    /** Starts the stack and waits until {@code /health} says 200 (every worker owns partitions). */
    public static DevProcess start(Path dataDir, Ports ports, Duration timeout) throws Exception {
        Files.createDirectories(dataDir);
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-" + System.nanoTime() + ".log");
        DevProcess dev = new DevProcess(ChildJvm.start("768m", log, List.of("dev", "--no-shell",
                "--data-dir", dataDir.toString(), "--http-port", Integer.toString(ports.http()),
                "--kafka-port", Integer.toString(ports.kafka()), "--s3-port", Integer.toString(ports.s3()))), log);
        try {
            Await.until("memrun dev healthy on port " + ports.http() + " (log " + log + ")", timeout, () -> {
                if (!dev.alive()) {
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
}
