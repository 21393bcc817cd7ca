package io.memrun.app.gateway;

import io.helidon.webserver.http.ServerRequest;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * A request's deadline: the gateway default, or a per-request override given as the
 * {@code timeout} query parameter or the {@code Memrun-Timeout} header, written {@code 500ms},
 * {@code 5s}, {@code 2m} or ISO-8601 ({@code PT5S}); between 1 ms and 15 minutes.
 */
final class Deadlines {
    static final Duration MAX = Duration.ofMinutes(15);
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
        String t = text.strip().toLowerCase(Locale.ROOT);
        Duration d;
        try {
            if (t.startsWith("pt")) {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            } else if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.endsWith("s")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            } else if (t.endsWith("m")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60_000));
            } else {
                throw new NumberFormatException(t);
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new ApiException(400, "invalid timeout", "timeout '" + text + "' is not a duration: write 500ms, 5s, 2m or PT5S");
        }
        if (d.toMillis() < 1 || d.compareTo(MAX) > 0) {
            throw new ApiException(400, "invalid timeout", "timeout must be between 1ms and 15m, was " + text);
        }
        return d;
    }
}
