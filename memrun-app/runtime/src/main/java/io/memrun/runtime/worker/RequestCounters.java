package io.memrun.runtime.worker;

import io.memrun.runtime.wire.Heartbeat;
import java.util.concurrent.atomic.LongAdder;

/**
 * Replies a worker sent, and how many of them were 500s (the handler failed): what a rollout judges a
 * new revision by. Other 5xx (502 store, 504 deadline, 507 disk) say the platform's surroundings
 * failed, not the revision, and do not count.
 */
final class RequestCounters {
    private final LongAdder answered = new LongAdder();
    private final LongAdder failed = new LongAdder();

    void answered(int status) {
        answered.increment();
        if (status == 500) {
            failed.increment();
        }
    }

    Heartbeat.RequestCounters snapshot() {
        return new Heartbeat.RequestCounters(answered.sum(), failed.sum());
    }
}
