package io.memrun.dev.internal;

import java.time.Duration;

/** A point in monotonic time that readiness probes poll against. */
public record Deadline(long nanoTime) {

    public static Deadline after(Duration timeout) {
        return new Deadline(System.nanoTime() + timeout.toNanos());
    }

    /** Time left until the deadline, never negative. */
    public Duration remaining() {
        long left = nanoTime - System.nanoTime();
        return Duration.ofNanos(Math.max(0, left));
    }

    public boolean expired() {
        return nanoTime - System.nanoTime() <= 0;
    }
}
