package io.memrun.dev.platform;

import java.util.Set;

/**
 * Kill and restart local workers, so a developer can watch a failure cost only cache misses.
 * Only {@code memrun dev} has one ({@link DevRoutes}); elsewhere those calls get the gateway's 404.
 */
public interface WorkerControl {
    /** The ids of the workers this control manages (running or killed). */
    Set<String> ids();

    /** Kills a worker the way a crash would: no drain, no goodbye to its consumer group. */
    void kill(String workerId) throws Exception;

    /** Starts a killed (or running) worker again with the same identity and cache directory. */
    void restart(String workerId) throws Exception;
}
