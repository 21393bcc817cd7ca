package io.memrun.runtime.wire;

import java.util.Objects;

/**
 * A worker's reply as it travels on the reply topic (see docs/wire-format.md): written by the
 * worker, read by the gateway or by any Kafka client that sent the request.
 *
 * @param requestId the request's id
 * @param status HTTP-style outcome: 200; a handler's 4xx; 500 handler failure; 502 object store
 *     unavailable or reply too large; 504 deadline passed
 * @param body JSON bytes: the handler's result, or {@code {"error": ..., "detail": ...}}
 * @param worker the id of the worker that ran the handler
 * @param partition the request partition it was consumed from ({@code -1} if the reply did not say)
 * @param cache {@code hit}, {@code miss} or {@code none}
 * @param timing the worker's phase durations
 */
public record WireReply(String requestId, int status, byte[] body, String worker, int partition, String cache,
                        Timing timing) {
    public WireReply {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(timing, "timing");
    }
}
