package io.memrun.cloud.hetzner;

import java.time.Duration;
import java.time.Instant;

/**
 * The clock the client waits on between retries and reads rate-limit resets against. Tests pass a fake
 * that records the waits and advances its own time, so nothing sleeps for real.
 */
public interface Sleeper {

    /** The current time. */
    Instant now();

    /** Waits for {@code duration}; interruptible. */
    void sleep(Duration duration) throws InterruptedException;

    /** The system clock and {@link Thread#sleep(Duration)}. */
    static Sleeper system() {
        return new Sleeper() {
            @Override
            public Instant now() {
                return Instant.now();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                Thread.sleep(duration);
            }
        };
    }
}
