package io.memrun.runtime.worker;

import java.util.Map;

/**
 * The outcome of one request on a worker, before it is written to the reply topic.
 *
 * @param status HTTP status (200, a handler's 4xx, 500 for a handler failure, 504 past the deadline)
 * @param body JSON bytes: the handler's result, or {@code {"error": ..., "detail": ...}}
 * @param cache {@code hit}, {@code miss} or {@code none}
 * @param timingMs phase durations in milliseconds, in order
 */
public record Reply(int status, byte[] body, String cache, Map<String, Double> timingMs) {
}
