package io.memrun.runtime.worker;

import java.time.Duration;
import java.util.Collection;
import java.util.function.ToIntFunction;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits, on the poll thread, for requests in flight to end: applies their completions as they
 * arrive, waking on {@link OffsetTracker}'s "a request ended" condition rather than a sleep loop,
 * until none is left or the time is up. What is still running then is left to redelivery.
 */
final class Drain {
    private Drain() {
    }

    /** Waits for every request in flight on this worker. */
    static boolean all(OffsetTracker offsets, Duration timeout) throws InterruptedException {
        return await(offsets, OffsetTracker::inFlight, timeout);
    }

    /** Waits for the requests in flight on {@code partitions} (the ones being revoked). */
    static boolean partitions(OffsetTracker offsets, Collection<TopicPartition> partitions, Duration timeout)
            throws InterruptedException {
        return await(offsets, o -> o.inFlight(partitions), timeout);
    }

    private static boolean await(OffsetTracker offsets, ToIntFunction<OffsetTracker> remaining, Duration timeout)
            throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (true) {
            long seen = offsets.endings();
            offsets.applyCompletions(false);
            if (remaining.applyAsInt(offsets) == 0) {
                return true;
            }
            long left = until - System.nanoTime();
            if (left <= 0 || !offsets.awaitEnding(seen, left)) {
                offsets.applyCompletions(false);
                return remaining.applyAsInt(offsets) == 0;
            }
        }
    }
}
