package io.memrun.cli;

import io.memrun.runtime.testing.SharedInfra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code memrun worker} process (a separate JVM running the CLI's main class), so tests can
 * SIGKILL or SIGTERM it. Its output goes to a log file next to its cache directory.
 */
public final class WorkerProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code memrun worker} for {@code service}, loading it from {@code artifact}. */
    public static WorkerProcess start(SharedInfra infra, String service, Path artifact, String workerId, Path cacheDir)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--sun-misc-unsafe-memory-access=allow", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "io.memrun.cli.Main", "worker",
                "--service", service, "--artifact", artifact.toString(),
                "--bootstrap", infra.bootstrapServers(), "--s3-endpoint", infra.storeSettings().endpoint().toString(),
                "--cache-dir", cacheDir.toString(), "--worker-id", workerId, "--heartbeat", "PT0.5S",
                "--drain-timeout", "PT10S"));
        Files.createDirectories(cacheDir);
        Path log = cacheDir.resolveSibling(workerId + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new WorkerProcess(p, log);
    }

    /** SIGKILL: the process dies at once, without any cleanup. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, then waits for the exit code. */
    public int terminate(long timeoutSeconds) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException("worker did not exit within " + timeoutSeconds + " s after SIGTERM; log: " + log);
        }
        return process.exitValue();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** The worker's output so far (for failure messages). */
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
