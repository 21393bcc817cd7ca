package io.memrun.cloud.hetzner.sim;

import java.time.Duration;
import java.time.InstantSource;

/**
 * Hetzner's per-project request bucket: {@code limit} requests, one given back every
 * {@code refill}, bursts up to the whole bucket. Every {@code /v1} call takes one; an empty bucket
 * answers 429. The fault hooks can empty it or change its size.
 */
final class RateLimiter {
    /** What a call saw: whether it may proceed, and the three {@code RateLimit-*} header values. */
    record Decision(boolean allowed, int limit, int remaining, long resetEpochSeconds) {
    }

    private final InstantSource clock;
    private final long refillNanos;
    private int limit;
    private double tokens;
    private long lastNanos;

    RateLimiter(int limit, Duration refill, InstantSource clock) {
        this.clock = clock;
        this.refillNanos = refill.toNanos();
        this.limit = limit;
        this.tokens = limit;
        this.lastNanos = nanos();
    }

    /** Takes one request from the bucket if there is one. */
    synchronized Decision acquire() {
        refill();
        boolean allowed = tokens >= 1;
        if (allowed) {
            tokens -= 1;
        }
        return decision(allowed);
    }

    /** The bucket as it is, taking nothing (for responses that are not counted, like a 401). */
    synchronized Decision peek() {
        refill();
        return decision(true);
    }

    /** Sets what is left in the bucket (0 starts a 429 storm that ends as the bucket refills). */
    synchronized Decision setRemaining(int remaining) {
        refill();
        tokens = Math.max(0, Math.min(limit, remaining));
        return decision(true);
    }

    /** Changes the bucket's size; what is left is capped at the new size. */
    synchronized Decision setLimit(int newLimit) {
        refill();
        limit = Math.max(1, newLimit);
        tokens = Math.min(tokens, limit);
        return decision(true);
    }

    private void refill() {
        long now = nanos();
        if (now > lastNanos) {
            tokens = Math.min(limit, tokens + (double) (now - lastNanos) / refillNanos);
            lastNanos = now;
        }
    }

    private Decision decision(boolean allowed) {
        int remaining = (int) Math.floor(tokens);
        double missing = limit - tokens;
        long nanosToFull = (long) Math.ceil(missing * refillNanos);
        long resetMillis = clock.millis() + (nanosToFull + 999_999) / 1_000_000;
        return new Decision(allowed, limit, remaining, (resetMillis + 999) / 1000);
    }

    private long nanos() {
        var now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
