package io.memrun.runtime.wire;

import java.util.Objects;

/**
 * A request as it travels on a service's request topic (see docs/wire-format.md).
 *
 * @param requestId unique per client request; a redelivered request keeps it
 * @param key the record key: the sticky-key values joined by {@code ':'} (null only if a producer sent none)
 * @param value the request, a JSON object as UTF-8 bytes
 * @param replyTo the topic the reply goes to (partition 0)
 * @param deadlineMs epoch milliseconds after which nobody waits for the reply
 * @param sentAtMicros epoch microseconds when the request was produced, or {@code -1} if the producer did not say
 */
public record WireRequest(String requestId, String key, byte[] value, String replyTo, long deadlineMs, long sentAtMicros) {
    /** Used when a producer sends no deadline: 30 seconds after the request is read. */
    public static final long DEFAULT_DEADLINE_MS = 30_000;

    public WireRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(replyTo, "replyTo");
    }

    /** Milliseconds the request spent between its producer and {@code nowMicros}; 0 if unknown. */
    public double queueMs(long nowMicros) {
        return sentAtMicros < 0 ? 0 : Math.max(0, (nowMicros - sentAtMicros) / 1000.0);
    }
}
