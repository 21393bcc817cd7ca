package io.memrun.cloud.hetzner;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Keeps the {@code RateLimit-*} headers of the latest response (errors included), which the library
 * does not expose, and turns "none remaining" into a short wait before the next call.
 */
final class RateLimitRecorder implements Interceptor {

    /** Hetzner refills one request per second. */
    private static final Duration REFILL = Duration.ofSeconds(1);

    private record Observed(RateLimit rateLimit, Instant at) {
    }

    private final Sleeper clock;
    private final AtomicReference<Observed> latest = new AtomicReference<>();

    RateLimitRecorder(Sleeper clock) {
        this.clock = clock;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        parse(response.headers()).ifPresent(r -> latest.set(new Observed(r, clock.now())));
        return response;
    }

    Optional<RateLimit> latest() {
        return Optional.ofNullable(latest.get()).map(Observed::rateLimit);
    }

    /**
     * How long to hold the next call: when the latest response said no requests remain, until one has
     * been refilled (a second after that response, or its reset if sooner); otherwise zero.
     */
    Duration throttleDelay(Instant now) {
        Observed observed = latest.get();
        if (observed == null || observed.rateLimit().remaining() > 0) {
            return Duration.ZERO;
        }
        Instant refilled = observed.at().plus(REFILL);
        Instant until = refilled.isBefore(observed.rateLimit().reset()) ? refilled : observed.rateLimit().reset();
        return now.isBefore(until) ? Duration.between(now, until) : Duration.ZERO;
    }

    /** The rate-limit headers, empty unless all three are present and numeric. */
    static Optional<RateLimit> parse(Headers headers) {
        try {
            String limit = headers.get("RateLimit-Limit");
            String remaining = headers.get("RateLimit-Remaining");
            String reset = headers.get("RateLimit-Reset");
            if (limit == null || remaining == null || reset == null) {
                return Optional.empty();
            }
            return Optional.of(new RateLimit(Integer.parseInt(limit.strip()), Integer.parseInt(remaining.strip()),
                    Instant.ofEpochSecond(Long.parseLong(reset.strip()))));
        } catch (NumberFormatException e) {
            return Optional.empty(); // malformed headers are no reason to fail a call
        }
    }
}
