package io.memrun.cloud.hetzner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetrierTest {

    private final FakeSleeper sleeper = new FakeSleeper();

    @Test
    void backoff_manyAttempts_fullJitterUnderTheDoublingCeilingAndTheCap() {
        RetryPolicy policy = new RetryPolicy(100, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60));
        Retrier retrier = new Retrier(policy, sleeper, new RateLimitRecorder(sleeper), new SplittableRandom(7));

        for (int n = 1; n <= 100; n++) {
            long ceiling = Math.min(60_000, n <= 7 ? 1000L << (n - 1) : 60_000);
            for (int i = 0; i < 50; i++) {
                Duration wait = retrier.backoff(n);
                assertTrue(wait.toMillis() >= 1 && wait.toMillis() <= ceiling, "attempt " + n + ": " + wait);
            }
        }
    }

    @Test
    void backoff_randomDrawsZero_stillWaitsOneMillisecond() {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(60));
        RandomGenerator alwaysZero = () -> 0L;
        Retrier retrier = new Retrier(policy, sleeper, new RateLimitRecorder(sleeper), alwaysZero);

        assertEquals(Duration.ofMillis(1), retrier.backoff(1));
        assertEquals(Duration.ofMillis(1), retrier.backoff(3));
    }

    @Test
    void delay_rateLimitedWithResetInThePast_fallsBackToBackoff() {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(60));
        Retrier retrier = new Retrier(policy, sleeper, new RateLimitRecorder(sleeper), new SplittableRandom(7));
        HetznerException rateLimited = new HetznerException("GET /v1/servers", 429, "rate_limit_exceeded", "slow down",
                new RateLimit(3600, 0, FakeSleeper.START.minusSeconds(5)), null);

        assertTrue(retrier.delay(1, rateLimited).toMillis() <= 10);
    }

    @Test
    void delay_rateLimitedWithResetAhead_waitsUntilIt() {
        Retrier retrier = new Retrier(RetryPolicy.defaults(), sleeper, new RateLimitRecorder(sleeper),
                new SplittableRandom(7));
        HetznerException rateLimited = new HetznerException("GET /v1/servers", 429, "rate_limit_exceeded", "slow down",
                new RateLimit(3600, 0, FakeSleeper.START.plusSeconds(3)), null);

        assertEquals(Duration.ofSeconds(3), retrier.delay(1, rateLimited));
    }
}
