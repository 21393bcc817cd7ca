package io.memrun.runtime.worker;

import java.util.TreeSet;

/**
 * Which offsets of one partition are dispatched but unfinished, so the worker commits only past
 * requests whose reply is durable: the committable offset is the lowest unfinished one, or one
 * past the highest dispatched when nothing is unfinished. Not thread-safe: the poll thread owns it.
 */
final class PartitionProgress {
    private final TreeSet<Long> inFlight = new TreeSet<>();
    private long highestDispatched = -1;
    private long committed = -1;

    void dispatched(long offset) {
        inFlight.add(offset);
        highestDispatched = Math.max(highestDispatched, offset);
    }

    void finished(long offset) {
        inFlight.remove(offset);
    }

    /** The offset to commit (the next one to consume) if it moved since the last call, else -1. */
    long takeCommittable() {
        if (highestDispatched < 0) {
            return -1;
        }
        long next = inFlight.isEmpty() ? highestDispatched + 1 : inFlight.first();
        if (next > committed) {
            committed = next;
            return next;
        }
        return -1;
    }

    /** The offset last returned by {@link #takeCommittable()}, or -1. */
    long lastTaken() {
        return committed;
    }

    int inFlight() {
        return inFlight.size();
    }
}
