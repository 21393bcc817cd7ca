package io.memrun.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Experiment 6: {@code memrun dev} from launch to healthy. Starts the same memrun this bench runs
 * in ({@code java -jar memrun.jar dev --no-shell}, or the class path it was started with) as a
 * child process on a fresh data directory and free ports, times it until {@code /health} answers
 * 200 (broker, store, gateway and every worker owning its partitions), then stops it with SIGTERM.
 * The JVM's own start is included, as a user sees it.
 */
final class DevStartBench {
    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /**
     * The starts.
     *
     * @param seconds launch to healthy, each start
     * @param command how memrun was launched (the first start of a run also pays for the page cache)
     */
    record Result(List<Double> seconds, String command) {
        double medianSeconds() {
            return Samples.median(seconds);
        }
    }

    private DevStartBench() {
    }

    static Result run(Path scratch, int starts, PrintWriter out) throws Exception {
        List<Double> seconds = new ArrayList<>();
        List<String> launch = launchCommand();
        for (int i = 0; i < starts; i++) {
            Path dir = Files.createDirectories(scratch.resolve("dev-start-" + i));
            seconds.add(startOnce(launch, dir));
            out.printf(Locale.ROOT, "  start %d: healthy after %.2f s%n", i + 1, seconds.get(i));
            out.flush();
        }
        boolean aot = launch.stream().anyMatch(a -> a.startsWith("-XX:AOTCache="));
        return new Result(seconds, String.join(" ", launch.subList(launch.size() - 2, launch.size())) + " dev --no-shell"
                + (aot ? " with the AOT cache" : " without an AOT cache"));
    }

    private static double startOnce(List<String> launch, Path dir) throws Exception {
        int http = LocalPorts.free();
        List<String> cmd = new ArrayList<>(launch);
        cmd.addAll(List.of("dev", "--no-shell", "--data-dir", dir.resolve("data").toString(), "--http-port",
                Integer.toString(http), "--kafka-port", Integer.toString(LocalPorts.free()), "--s3-port", Integer.toString(LocalPorts.free())));
        Path log = dir.resolve("dev.log");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            URI health = URI.create("http://127.0.0.1:" + http + "/health");
            while (System.nanoTime() - t0 < LIMIT.toNanos()) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("memrun dev exited with " + p.exitValue() + "; its output: "
                            + Files.readString(log));
                }
                if (healthy(health)) {
                    return (System.nanoTime() - t0) / 1e9;
                }
                Thread.sleep(25);
            }
            throw new IllegalStateException("memrun dev was not healthy after " + LIMIT.toSeconds() + " s; log " + log);
        } finally {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    private static boolean healthy(URI health) throws InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(1)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code java [options] -jar memrun.jar}, or {@code java [options] -cp ... io.memrun.cli.Main} outside the jar. */
    private static List<String> launchCommand() throws IOException {
        String javaBin = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(javaBin));
        if (Runtime.version().feature() >= 24) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.add("--enable-native-access=ALL-UNNAMED");
        String cp = System.getProperty("java.class.path");
        if (cp.endsWith(".jar") && !cp.contains(java.io.File.pathSeparator)) {
            // As ./memrun launches it: with the JVM's ahead-of-time cache that ./memrun build records, if fresh.
            Path jar = Path.of(cp);
            Path aot = jar.resolveSibling("memrun.aot");
            try {
                if (Runtime.version().feature() >= 25 && Files.isRegularFile(aot)
                        && Files.getLastModifiedTime(aot).compareTo(Files.getLastModifiedTime(jar)) > 0) {
                    cmd.addAll(List.of("-XX:AOTCache=" + aot, "-Xlog:aot*=off"));
                }
            } catch (IOException e) {
                // no cache then
            }
            cmd.addAll(List.of("-jar", cp));
        } else {
            cmd.addAll(List.of("-cp", cp, "io.memrun.cli.Main"));
        }
        return cmd;
    }
}
