package io.memrun.shell.internal;

import java.util.List;
import java.util.Locale;

/** Small human-readable renderings shared by the commands. */
public final class Formats {
    private Formats() {
    }

    /** {@code 512 B}, {@code 1.5 KiB}, {@code 20.0 GiB}. */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** Sorted partitions as ranges: {@code 0-3,7,9-10}; {@code -} for none. */
    public static String ranges(List<Integer> partitions) {
        if (partitions.isEmpty()) {
            return "-";
        }
        List<Integer> p = partitions.stream().sorted().toList();
        StringBuilder sb = new StringBuilder();
        int start = p.get(0);
        int prev = start;
        for (int i = 1; i <= p.size(); i++) {
            if (i < p.size() && p.get(i) == prev + 1) {
                prev = p.get(i);
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(start == prev ? String.valueOf(start) : start + "-" + prev);
            if (i < p.size()) {
                start = p.get(i);
                prev = start;
            }
        }
        return sb.toString();
    }

    /** {@code text} cut at the last comma that fits in {@code max} characters, with {@code ,...} after. */
    public static String abbreviate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int comma = text.lastIndexOf(',', max - 4);
        return (comma > 0 ? text.substring(0, comma) : text.substring(0, max - 4)) + ",...";
    }

    /** {@code 90.0%}, or {@code n/a} when there is nothing to divide. */
    public static String percent(long part, long whole) {
        return whole == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }

    /** How long ago, from seconds: {@code 3 s ago}, {@code 5 min ago}; {@code never} when negative. */
    public static String ago(double seconds) {
        if (seconds < 0) {
            return "never";
        }
        if (seconds < 120) {
            return Math.round(seconds) + " s ago";
        }
        if (seconds < 7200) {
            return Math.round(seconds / 60) + " min ago";
        }
        return Math.round(seconds / 3600) + " h ago";
    }

    /**
     * Parses {@code 500ms}, {@code 30s}, {@code 2m}; a bare number is seconds.
     *
     * @throws IllegalArgumentException saying what form is expected
     */
    public static java.time.Duration duration(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m)?").matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid duration '" + text + "': write e.g. 500ms, 30s or 2m");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        java.time.Duration d = switch (unit) {
            case "ms" -> java.time.Duration.ofMillis(n);
            case "m" -> java.time.Duration.ofMinutes(n);
            default -> java.time.Duration.ofSeconds(n);
        };
        if (d.isZero()) {
            throw new IllegalArgumentException("duration must be positive, was " + text);
        }
        return d;
    }
}
