package io.memrun.runtime.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Records scheduled sweeps and runs them when the test says so: no threads, no sleeps. */
final class FakeScheduler implements CleanupScheduler {
    private final List<Runnable> tasks = new ArrayList<>();
    private final List<Duration> intervals = new ArrayList<>();
    private int cancelled;

    @Override
    public synchronized Cancellable scheduleEvery(Duration interval, Runnable task) {
        tasks.add(task);
        intervals.add(interval);
        return () -> {
            synchronized (this) {
                if (tasks.remove(task)) {
                    cancelled++;
                }
            }
        };
    }

    /** Runs every live task once, as if one interval passed. */
    void tick() {
        List<Runnable> now;
        synchronized (this) {
            now = List.copyOf(tasks);
        }
        now.forEach(Runnable::run);
    }

    synchronized List<Duration> intervals() {
        return List.copyOf(intervals);
    }

    synchronized int live() {
        return tasks.size();
    }

    synchronized int cancelled() {
        return cancelled;
    }
}
