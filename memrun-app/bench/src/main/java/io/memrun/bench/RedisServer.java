package io.memrun.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Redis to compare against: either one the user names ({@code host:port}), or a
 * {@code redis-server} from the PATH started for the run on a free loopback port, with persistence
 * off, and stopped (this child process only) when the run ends.
 */
final class RedisServer implements AutoCloseable {
    private final String host;
    private final int port;
    private final Process process;

    private RedisServer(String host, int port, Process process) {
        this.host = host;
        this.port = port;
        this.process = process;
    }

    /** A Redis that already runs at {@code host:port}. */
    static RedisServer external(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--redis must be host:port, was '" + address + "'");
        }
        return new RedisServer(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)), null);
    }

    /**
     * Starts {@code redis-server} from the PATH, or returns empty with the reason in
     * {@code why[0]} if there is none or it does not answer.
     */
    static Optional<RedisServer> startLocal(Path dir, String[] why) throws InterruptedException {
        Optional<Path> binary = findOnPath("redis-server");
        if (binary.isEmpty()) {
            why[0] = "redis-server is not installed (Debian: apt-get install -y redis-server; or run packaging/bench.sh,"
                    + " or pass --redis host:port)";
            return Optional.empty();
        }
        try {
            Files.createDirectories(dir);
            int port = LocalPorts.free();
            Process p = new ProcessBuilder(List.of(binary.get().toString(), "--port", Integer.toString(port), "--bind",
                    "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no",
                    "--logfile", dir.resolve("redis.log").toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.out").toFile()).start();
            RedisServer server = new RedisServer("127.0.0.1", port, p);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline && p.isAlive()) {
                try (RespClient c = server.connect()) {
                    if ("PONG".equals(c.call("PING"))) {
                        return Optional.of(server);
                    }
                } catch (IOException e) {
                    Thread.sleep(50);
                }
            }
            server.close();
            why[0] = "redis-server did not answer within 10 s (see " + dir.resolve("redis.log") + ")";
            return Optional.empty();
        } catch (IOException e) {
            why[0] = "could not start redis-server: " + e.getMessage();
            return Optional.empty();
        }
    }

    RespClient connect() throws IOException {
        return new RespClient(host, port);
    }

    /** The server's version, for the report. */
    String version() throws IOException {
        try (RespClient c = connect()) {
            String info = new String((byte[]) c.call("INFO", "server"), java.nio.charset.StandardCharsets.UTF_8);
            return info.lines().filter(l -> l.startsWith("redis_version:")).map(l -> l.substring(14).strip())
                    .findFirst().orElse("unknown");
        }
    }

    String address() {
        return host + ":" + port;
    }

    private static Optional<Path> findOnPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + java.io.File.pathSeparator + "/usr/bin:/usr/sbin:/usr/local/bin";
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
                return Optional.of(Path.of(d, name));
            }
        }
        return Optional.empty();
    }

    /** Stops the server this run started (SIGTERM, then SIGKILL after 5 s); leaves an external one alone. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
