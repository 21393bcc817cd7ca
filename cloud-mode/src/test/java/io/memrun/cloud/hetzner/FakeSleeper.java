package io.memrun.cloud.hetzner;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A clock that only moves when slept on; records every wait. Optionally interrupts instead of sleeping. */
final class FakeSleeper implements Sleeper {

    static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private Instant now = START;
    private boolean interrupt;

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized void sleep(Duration duration) throws InterruptedException {
        if (interrupt) {
            throw new InterruptedException("test interrupt");
        }
        sleeps.add(duration);
        now = now.plus(duration);
    }

    /** Every later sleep throws {@link InterruptedException}. */
    synchronized void interruptSleeps() {
        interrupt = true;
    }

    List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }
}
