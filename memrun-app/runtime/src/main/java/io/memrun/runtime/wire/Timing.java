package io.memrun.runtime.wire;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Phase durations of one request, in milliseconds, carried in the reply's
 * {@link WireHeaders#TIMING} header and shown to clients as a {@code Server-Timing} header.
 */
public record Timing(Map<String, Double> phasesMs) {
    /** Keeps the phases in the order given (the order they happened, and the order they are written). */
    public Timing {
        phasesMs = Collections.unmodifiableMap(new LinkedHashMap<>(phasesMs));
    }

    /** Parses {@code queue=0.41;fetch=3.20}; unknown or malformed parts are skipped. */
    public static Timing parse(String text) {
        Map<String, Double> phases = new LinkedHashMap<>();
        if (text != null) {
            for (String part : text.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    try {
                        phases.put(part.substring(0, eq).strip(), Double.parseDouble(part.substring(eq + 1)));
                    } catch (NumberFormatException ignored) {
                        // a peer wrote something we do not understand; timing is advisory
                    }
                }
            }
        }
        return new Timing(phases);
    }

    /** Encodes phases in a fixed order for the header. */
    public static String encode(Map<String, Double> phases) {
        StringBuilder sb = new StringBuilder();
        phases.forEach((k, v) -> {
            if (!sb.isEmpty()) {
                sb.append(';');
            }
            sb.append(k).append('=').append(String.format(Locale.ROOT, "%.3f", v));
        });
        return sb.toString();
    }

    /** A W3C {@code Server-Timing} header value: these phases, then {@code total}. */
    public String serverTiming(double totalMs) {
        StringBuilder sb = new StringBuilder();
        for (String phase : new String[] {"queue", "fetch", "decode", "handler"}) {
            Double v = phasesMs.get(phase);
            if (v != null) {
                sb.append(phase).append(";dur=").append(String.format(Locale.ROOT, "%.3f", v)).append(", ");
            }
        }
        return sb.append("total;dur=").append(String.format(Locale.ROOT, "%.3f", totalMs)).toString();
    }
}
