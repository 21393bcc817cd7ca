package io.memrun.runtime.cache;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the disk cache's periodic sweep. Injected, as Caffeine injects its {@code Scheduler}, so
 * that tests can run the sweep when they choose (with a fake clock) instead of sleeping for it.
 */
@FunctionalInterface
public interface CleanupScheduler {
    /**
     * Runs {@code task} every {@code interval}, the first time one interval from now, until the
     * returned handle is cancelled. A run that throws must not stop later runs.
     *
     * @return cancels further runs
     */
    Cancellable scheduleEvery(Duration interval, Runnable task);

    /** Stops a scheduled task. */
    @FunctionalInterface
    interface Cancellable {
        /** Stops further runs; a run in progress finishes. Idempotent. */
        void cancel();
    }

    /** Never runs anything: for a cache whose sweeps the caller runs itself, or not at all (benchmarks). */
    CleanupScheduler NEVER = (interval, task) -> () -> { };

    /** Schedules on an executor the caller owns (and shuts down). */
    static CleanupScheduler of(ScheduledExecutorService executor) {
        return (interval, task) -> {
            long ms = Math.max(1, interval.toMillis());
            ScheduledFuture<?> f = executor.scheduleWithFixedDelay(task, ms, ms, TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        };
    }
}
