package io.memrun.shell.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The phases of a {@code Server-Timing} header ({@code queue;dur=1.2, fetch;dur=3.4, ...}), in
 * milliseconds, and the split the shell shows: <em>state tax</em> (fetch + decode: what warm
 * state saves) against <em>compute</em> (handler time minus the state tax).
 */
public record ServerTiming(Map<String, Double> phasesMs) {
    public ServerTiming {
        phasesMs = Map.copyOf(phasesMs);
    }

    /** Parses a header value; parts without a readable {@code dur} are skipped (timing is advisory). */
    public static ServerTiming parse(String header) {
        Map<String, Double> phases = new LinkedHashMap<>();
        if (header != null) {
            for (String metric : header.split(",")) {
                String[] params = metric.split(";");
                String name = params[0].strip();
                for (int i = 1; i < params.length; i++) {
                    String p = params[i].strip();
                    if (p.startsWith("dur=")) {
                        try {
                            phases.put(name, Double.parseDouble(p.substring(4)));
                        } catch (NumberFormatException ignored) {
                            // not ours to fix; show what we can read
                        }
                    }
                }
            }
        }
        return new ServerTiming(phases);
    }

    /** A phase's duration, 0 when absent. */
    public double ms(String phase) {
        return phasesMs.getOrDefault(phase, 0.0);
    }

    /** Fetch + decode: the time spent getting state rather than using it. */
    public double stateTaxMs() {
        return ms("fetch") + ms("decode");
    }

    /** Handler time that was not state tax. */
    public double computeMs() {
        return Math.max(0, ms("handler") - stateTaxMs());
    }

    /** Whether the header said anything. */
    public boolean isEmpty() {
        return phasesMs.isEmpty();
    }

    /**
     * One line: {@code total 531.6 ms = queue 139.3 + state tax 303.0 (fetch 276.4, decode 26.6)
     * + compute 39.9 + transport 49.0}, where transport is what the gateway saw beyond queue and handler.
     */
    public String describe() {
        if (!phasesMs.containsKey("total")) {
            return "no timing reported";
        }
        double total = ms("total");
        double transport = Math.max(0, total - ms("queue") - ms("handler"));
        return String.format(Locale.ROOT, "total %s = queue %s + state tax %s (fetch %s, decode %s) + compute %s + transport %s",
                fmt(total), fmt(ms("queue")), fmt(stateTaxMs()), fmt(ms("fetch")), fmt(ms("decode")), fmt(computeMs()),
                fmt(transport));
    }

    /** Milliseconds with precision that suits their size: 0.42 ms, 12.3 ms, 1530 ms. */
    public static String fmt(double ms) {
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.2f ms", ms);
        }
        if (ms < 1000) {
            return String.format(Locale.ROOT, "%.1f ms", ms);
        }
        return String.format(Locale.ROOT, "%.0f ms", ms);
    }
}
