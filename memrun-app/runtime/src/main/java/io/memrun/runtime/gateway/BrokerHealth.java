package io.memrun.runtime.gateway;

import io.memrun.runtime.wire.TopicAdmin;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Whether the broker answers, checked twice a second in the background, so that while it is
 * down the gateway answers 503 at once instead of letting each client wait for a send timeout.
 */
final class BrokerHealth implements AutoCloseable {
    private final TopicAdmin admin;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("memrun-broker-health").factory());
    private volatile boolean up = true;

    BrokerHealth(TopicAdmin admin) {
        this.admin = admin;
        timer.scheduleWithFixedDelay(this::check, 500, 500, TimeUnit.MILLISECONDS);
    }

    private void check() {
        up = admin.reachable(1_000);
    }

    boolean up() {
        return up;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
