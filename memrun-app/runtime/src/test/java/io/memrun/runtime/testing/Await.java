package io.memrun.runtime.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Waits for a condition that something else makes true (a heartbeat, a rebalance, a checkpoint),
 * checking it every few milliseconds, and fails with what was last seen if it never holds. Tests
 * wait on what they wait for, never a fixed time.
 */
public final class Await {
    private static final long CHECK_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private Await() {
    }

    /** Waits until {@code probe}'s value satisfies {@code condition}; returns that value. */
    public static <T> T until(String what, Duration timeout, Callable<T> probe, Predicate<? super T> condition)
            throws Exception {
        long until = System.nanoTime() + timeout.toNanos();
        T last = null;
        while (true) {
            last = probe.call();
            if (condition.test(last)) {
                return last;
            }
            if (System.nanoTime() > until) {
                throw new AssertionError("waited " + timeout + " for " + what + "; last seen: " + last);
            }
            LockSupport.parkNanos(CHECK_EVERY_NANOS);
        }
    }

    /** Waits until {@code condition} is true. */
    public static void until(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
        until(what, timeout, condition, Boolean.TRUE::equals);
    }
}
