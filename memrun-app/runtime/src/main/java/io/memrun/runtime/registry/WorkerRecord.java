package io.memrun.runtime.registry;

import io.memrun.runtime.wire.Heartbeat;

import java.time.Duration;
import java.time.Instant;

/**
 * A worker as the control plane last heard of it.
 *
 * @param heartbeat its last heartbeat
 * @param receivedAt when the control plane received it
 */
public record WorkerRecord(Heartbeat heartbeat, Instant receivedAt) {
    /** How many silent intervals make a worker lost. */
    public static final int LOST_AFTER_INTERVALS = 3;

    /** {@code ok}, {@code stopped} (said goodbye) or {@code lost} (silent for 3 intervals). */
    public String status(Instant now) {
        if (heartbeat.stopping()) {
            return "stopped";
        }
        Duration silence = Duration.between(receivedAt, now);
        return silence.toMillis() > LOST_AFTER_INTERVALS * heartbeat.intervalMs() ? "lost" : "ok";
    }
}
