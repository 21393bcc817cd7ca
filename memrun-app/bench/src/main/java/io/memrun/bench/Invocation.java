package io.memrun.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request through the gateway as the client saw it.
 *
 * @param ms client-side round trip
 * @param status the HTTP status
 * @param cache the {@code Memrun-Cache} header ({@code hit}, {@code miss}, {@code none}), or empty
 * @param timing the {@code Server-Timing} phases in milliseconds (queue, fetch, decode, handler, total)
 * @param body the reply body
 */
record Invocation(double ms, int status, String cache, Map<String, Double> timing, String body) {
    /** A phase of {@code Server-Timing}, or 0 if the reply did not report it. */
    double phase(String name) {
        return timing.getOrDefault(name, 0.0);
    }

    /** Parses {@code queue;dur=1.5, fetch;dur=2.0, ...}; entries without a duration are skipped. */
    static Map<String, Double> parseServerTiming(String header) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (header == null) {
            return out;
        }
        for (String entry : header.split(",")) {
            String[] parts = entry.strip().split(";");
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip();
                if (p.startsWith("dur=")) {
                    try {
                        out.put(parts[0].strip(), Double.parseDouble(p.substring(4)));
                    } catch (NumberFormatException e) {
                        // A malformed duration is left out rather than failing the run.
                    }
                }
            }
        }
        return out;
    }
}
