package io.memrun.runtime.gateway;

import io.memrun.runtime.wire.Timing;

/**
 * A worker's reply as the gateway received it.
 *
 * @param status the HTTP status to answer with
 * @param body JSON bytes
 * @param worker the worker id
 * @param partition the request partition
 * @param cache {@code hit}, {@code miss} or {@code none}
 * @param timing the worker's phase durations
 */
public record ReplyMessage(int status, byte[] body, String worker, String partition, String cache, Timing timing) {
}
