package io.memrun.app.gateway;

import java.util.Set;

/**
 * Kill and restart local workers, so a developer can watch a failure cost only cache misses.
 * Only {@code memrun dev} has one; elsewhere {@link #none()} answers 404 to those calls.
 */
public interface WorkerControl {
    /** The ids of the workers this control manages (running or killed). */
    Set<String> ids();

    /** Kills a worker the way a crash would: no drain, no goodbye to its consumer group. */
    void kill(String workerId) throws Exception;

    /** Starts a killed (or running) worker again with the same identity and cache directory. */
    void restart(String workerId) throws Exception;

    /** Whether this control manages any workers. */
    default boolean available() {
        return true;
    }

    /** No local workers (a cloud scheduler, a standalone gateway). */
    static WorkerControl none() {
        return new WorkerControl() {
            @Override
            public Set<String> ids() {
                return Set.of();
            }

            @Override
            public void kill(String workerId) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void restart(String workerId) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean available() {
                return false;
            }
        };
    }
}
