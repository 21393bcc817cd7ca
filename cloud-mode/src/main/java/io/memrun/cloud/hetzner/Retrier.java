package io.memrun.cloud.hetzner;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * Repeats a call as {@link HetznerException#retryable(boolean)} allows, waiting per {@link RetryPolicy} on
 * the injected {@link Sleeper}. Before every attempt it also waits out an exhausted rate limit
 * ({@link RateLimitRecorder#throttleDelay(Instant)}).
 */
final class Retrier {

    /** One attempt of a call. */
    @FunctionalInterface
    interface Attempt<T> {
        T run() throws HetznerException;
    }

    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final RateLimitRecorder rateLimits;
    private final RandomGenerator random;

    Retrier(RetryPolicy policy, Sleeper sleeper, RateLimitRecorder rateLimits, RandomGenerator random) {
        this.policy = policy;
        this.sleeper = sleeper;
        this.rateLimits = rateLimits;
        this.random = random;
    }

    /**
     * Runs {@code attempt} until it succeeds, fails in a way that is not retryable for a call of this kind,
     * or has run {@link RetryPolicy#maxAttempts()} times; then throws the last failure.
     *
     * @param read whether the call is a read (GET), which may be repeated after more kinds of failure
     */
    <T> T call(String operation, boolean read, Attempt<T> attempt) throws HetznerException {
        for (int n = 1; ; n++) {
            pause(operation, rateLimits.throttleDelay(sleeper.now()), null);
            try {
                return attempt.run();
            } catch (HetznerException e) {
                if (n >= policy.maxAttempts() || !e.retryable(read)) {
                    throw e;
                }
                pause(operation, delay(n, e), e);
            }
        }
    }

    /** The wait after failed attempt {@code n} (1-based). */
    Duration delay(int n, HetznerException failure) {
        if (failure.isRateLimited() && failure.rateLimit().isPresent()) {
            Instant now = sleeper.now();
            Instant reset = failure.rateLimit().get().reset();
            if (reset.isAfter(now)) {
                Duration untilReset = Duration.between(now, reset);
                return untilReset.compareTo(policy.maxRateLimitWait()) < 0 ? untilReset : policy.maxRateLimitWait();
            }
        }
        return backoff(n);
    }

    /**
     * Full jitter: uniformly between 1 ms and min(maxDelay, baseDelay * 2^(n-1)). Never zero, so every retry
     * waits (a zero draw used to skip the wait, which made the number of waits random).
     */
    Duration backoff(int n) {
        long base = policy.baseDelay().toMillis();
        long cap = policy.maxDelay().toMillis();
        long ceiling = n - 1 >= Long.numberOfLeadingZeros(base) - 1 ? cap : Math.min(cap, base << (n - 1));
        return Duration.ofMillis(ceiling <= 1 ? 1 : 1 + random.nextLong(ceiling));
    }

    private void pause(String operation, Duration wait, HetznerException last) throws HetznerException {
        if (wait.isZero() || wait.isNegative()) {
            return;
        }
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            HetznerException interrupted = HetznerException.interrupted(operation, e);
            if (last != null) {
                interrupted.addSuppressed(last);
            }
            throw interrupted;
        }
    }
}
