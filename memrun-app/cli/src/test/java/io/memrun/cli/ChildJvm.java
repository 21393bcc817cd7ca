package io.memrun.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A memrun command run in a JVM of its own (this test run's java and class path, main class
 * {@code io.memrun.cli.Main}), its output in a log file, so a test can SIGKILL or SIGTERM it.
 */
public class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final String what;

    protected ChildJvm(Process process, Path log, String what) {
        this.process = process;
        this.log = log;
        this.what = what;
    }

    /** Starts {@code memrun ARGS...} with a heap of {@code heap}, writing its output to {@code log}. */
    protected static Process start(String heap, Path log, List<String> args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--sun-misc-unsafe-memory-access=allow", "-Xmx" + heap,
                "-cp", System.getProperty("java.class.path"), "io.memrun.cli.Main"));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** SIGKILL: the process dies at once, without any cleanup. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    /** SIGTERM, then waits for the exit code. */
    public int terminate(long timeoutSeconds) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException(what + " did not exit within " + timeoutSeconds + " s after SIGTERM; log: " + log);
        }
        return process.exitValue();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Its output so far (for failure messages). */
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
