package io.memrun.cli;

import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code --no-wait} and {@code --timeout} of the cloud commands that change what runs (deploy,
 * scale, promote, rollback), and the wait itself: until the service serves the revision with its
 * rollout done, or it was reverted.
 */
final class WaitOptions {
    @Option(names = "--no-wait", description = "Return once the scheduler accepted it.")
    boolean noWait;

    @Option(names = "--timeout", defaultValue = "PT15M", description = "How long to wait (ISO-8601). Default: ${DEFAULT-VALUE}")
    Duration timeout;

    /** True at once with {@code --no-wait}; otherwise {@link CloudProgress#await}. */
    boolean await(SchedulerClient client, PrintWriter out, String service, int revision, int workers, long startNanos)
            throws Exception {
        return noWait || CloudProgress.await(client, out, service, revision, workers, timeout, startNanos);
    }
}
