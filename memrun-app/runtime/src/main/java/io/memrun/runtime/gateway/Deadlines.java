package io.memrun.runtime.gateway;

import io.helidon.webserver.http.ServerRequest;
import io.memrun.runtime.text.Durations;
import java.time.Duration;
import java.util.Optional;

/**
 * A request's deadline: the gateway default, or a per-request override given as the
 * {@code timeout} query parameter or the {@code Memrun-Timeout} header, written {@code 500ms},
 * {@code 5s}, {@code 2m} or ISO-8601 ({@code PT5S}); between 10 ms and 15 minutes. Less than
 * {@link #MIN} cannot cover even one trip through the broker: it is refused as unusable rather than
 * accepted and failed later with a misleading status.
 */
final class Deadlines {
    static final Duration MAX = Duration.ofMinutes(15);
    static final Duration MIN = Duration.ofMillis(10);
    static final String HEADER = "Memrun-Timeout";

    private Deadlines() {
    }

    static Duration of(ServerRequest req, Duration fallback) {
        Optional<String> text = req.query().first("timeout").asOptional();
        if (text.isEmpty()) {
            text = req.headers().first(io.helidon.http.HeaderNames.create(HEADER));
        }
        return text.map(Deadlines::parse).orElse(fallback);
    }

    static Duration parse(String text) {
        Duration d;
        try {
            d = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid timeout", "timeout " + e.getMessage());
        }
        if (d.compareTo(MIN) < 0 || d.compareTo(MAX) > 0) {
            throw new ApiException(400, "invalid timeout", "timeout must be between 10ms and 15m, was " + text);
        }
        return d;
    }
}
