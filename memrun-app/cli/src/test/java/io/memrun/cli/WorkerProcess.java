package io.memrun.cli;

import io.memrun.runtime.testing.SharedInfra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real {@code memrun worker} process (a separate JVM running the CLI's main class), so tests can
 * SIGKILL or SIGTERM it. Its output goes to a log file next to its cache directory.
 */
public final class WorkerProcess extends ChildJvm {
    private WorkerProcess(Process process, Path log) {
        super(process, log, "the worker");
    }

    /** Starts {@code memrun worker} for {@code service}, loading it from {@code artifact}. */
    public static WorkerProcess start(SharedInfra infra, String service, Path artifact, String workerId, Path cacheDir)
            throws IOException {
        Files.createDirectories(cacheDir);
        Path log = cacheDir.resolveSibling(workerId + ".log");
        Process p = ChildJvm.start("512m", log, List.of("worker",
                "--service", service, "--artifact", artifact.toString(),
                "--bootstrap", infra.bootstrapServers(), "--s3-endpoint", infra.storeSettings().endpoint().toString(),
                "--cache-dir", cacheDir.toString(), "--worker-id", workerId, "--heartbeat", "PT0.5S",
                "--drain-timeout", "PT10S"));
        return new WorkerProcess(p, log);
    }
}
