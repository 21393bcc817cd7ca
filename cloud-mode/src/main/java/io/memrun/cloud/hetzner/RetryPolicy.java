package io.memrun.cloud.hetzner;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently a call is repeated. Which failures are repeated is fixed (see
 * {@link HetznerException#retryable(boolean)}); this record says how: exponential backoff with full
 * jitter (a random wait between 1 ms and {@code min(maxDelay, baseDelay * 2^(attempt-1))}), except after a
 * rate-limited response that names its reset time, where the wait is until that time, at most
 * {@code maxRateLimitWait}.
 *
 * @param maxAttempts      attempts per call including the first, at least 1; {@link #defaults()}: 5
 * @param baseDelay        the first backoff step, positive; defaults to 1 s
 * @param maxDelay         the backoff cap, at least {@code baseDelay}; defaults to 60 s
 * @param maxRateLimitWait the longest wait for a rate-limit reset, not negative; defaults to 60 s. Hetzner's
 *                         reset is when the bucket is full again (up to an hour away), so it is bounded
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRateLimitWait) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(maxRateLimitWait, "maxRateLimitWait");
        if (baseDelay.isNegative() || baseDelay.isZero()) {
            throw new IllegalArgumentException("baseDelay must be positive, was " + baseDelay);
        }
        if (maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("maxDelay " + maxDelay + " is below baseDelay " + baseDelay);
        }
        if (maxRateLimitWait.isNegative()) {
            throw new IllegalArgumentException("maxRateLimitWait must not be negative, was " + maxRateLimitWait);
        }
    }

    /** 5 attempts, backoff from 1 s capped at 60 s, rate-limit waits of at most 60 s (hcloud-go's shape). */
    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60));
    }

    /** This policy with another number of attempts. */
    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, baseDelay, maxDelay, maxRateLimitWait);
    }
}
