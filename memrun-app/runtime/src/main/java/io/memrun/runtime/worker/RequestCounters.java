package io.memrun.runtime.worker;

import io.memrun.runtime.wire.Heartbeat;
import java.util.concurrent.atomic.LongAdder;

/** Replies a worker sent, and how many of them were 5xx: what a rollout judges a new revision by. */
final class RequestCounters {
    private final LongAdder answered = new LongAdder();
    private final LongAdder failed = new LongAdder();

    void answered(int status) {
        answered.increment();
        if (status >= 500) {
            failed.increment();
        }
    }

    Heartbeat.RequestCounters snapshot() {
        return new Heartbeat.RequestCounters(answered.sum(), failed.sum());
    }
}
