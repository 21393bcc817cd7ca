package io.memrun.runtime.text;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations as people type them: {@code 80ms}, {@code 2s}, {@code 1.5s}, {@code 2m}, or ISO-8601
 * ({@code PT2S}). Used by command-line options and by the gateway's per-request timeout.
 */
public final class Durations {
    private Durations() {
    }

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("pt")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            }
            if (t.endsWith("m")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60_000));
            }
        } catch (RuntimeException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("'" + text + "' is not a duration: write 500ms, 5s, 2m or PT5S");
    }
}
