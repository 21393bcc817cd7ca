package io.memrun.cloud.hetzner.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    /** A clock that moves only when told. */
    private static final class FakeClock implements InstantSource {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void acquire_emptyBucket_refusesUntilRefilled() {
        FakeClock clock = new FakeClock();
        RateLimiter limiter = new RateLimiter(3, Duration.ofSeconds(1), clock);
        assertEquals(2, limiter.acquire().remaining());
        limiter.acquire();
        RateLimiter.Decision last = limiter.acquire();
        assertTrue(last.allowed());
        assertEquals(0, last.remaining());
        assertFalse(limiter.acquire().allowed());
        clock.now = clock.now.plusSeconds(1);
        assertTrue(limiter.acquire().allowed());
        assertFalse(limiter.acquire().allowed());
    }

    @Test
    void decision_reset_isWhenTheBucketIsFullAgain() {
        FakeClock clock = new FakeClock();
        RateLimiter limiter = new RateLimiter(3600, Duration.ofSeconds(1), clock);
        RateLimiter.Decision d = limiter.acquire();
        assertEquals(3600, d.limit());
        assertEquals(3599, d.remaining());
        assertEquals(clock.now.getEpochSecond() + 1, d.resetEpochSeconds());
        assertEquals(clock.now.getEpochSecond(), limiter.setRemaining(3600).resetEpochSeconds());
        assertEquals(clock.now.getEpochSecond() + 3600, limiter.setRemaining(0).resetEpochSeconds());
    }

    @Test
    void setLimit_smaller_capsWhatIsLeft() {
        RateLimiter limiter = new RateLimiter(3600, Duration.ofSeconds(1), new FakeClock());
        RateLimiter.Decision d = limiter.setLimit(10);
        assertEquals(10, d.limit());
        assertEquals(10, d.remaining());
    }

    @Test
    void refill_neverExceedsTheLimit() {
        FakeClock clock = new FakeClock();
        RateLimiter limiter = new RateLimiter(5, Duration.ofMillis(100), clock);
        limiter.setRemaining(0);
        clock.now = clock.now.plusSeconds(60);
        assertEquals(5, limiter.peek().remaining());
    }
}
