package io.memrun.cloud.hetzner;

import java.time.Instant;
import java.util.Objects;

/**
 * The rate-limit state Hetzner reported on a response ({@code RateLimit-Limit}, {@code RateLimit-Remaining},
 * {@code RateLimit-Reset}). Hetzner allows 3,600 requests per hour per project and refills one per second,
 * so {@code reset} is when the bucket is full again, not when the next request is allowed.
 *
 * @param limit     requests the bucket holds
 * @param remaining requests left now
 * @param reset     when {@code remaining} will be back at {@code limit}
 */
public record RateLimit(int limit, int remaining, Instant reset) {
    public RateLimit {
        Objects.requireNonNull(reset, "reset");
    }
}
