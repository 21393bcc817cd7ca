package io.memrun.sdk;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and formats byte sizes the way Kubernetes and most operators write them.
 *
 * <p>Binary units {@code Ki, Mi, Gi, Ti} are powers of 1024; decimal units {@code K, M, G, T} are
 * powers of 1000; a trailing {@code B} is allowed ({@code 600GiB}); a bare number is bytes.
 * Fractions are allowed ({@code 1.5G}) as long as the result is a whole number of bytes after
 * rounding down.
 */
public final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGTP]i?)?B?");

    private Sizes() {
    }

    /**
     * Parses a size such as {@code 32Gi}, {@code 512Mi}, {@code 1.5G} or {@code 1048576}.
     *
     * @throws IllegalArgumentException naming the bad text and showing accepted forms
     */
    public static long parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("size is empty: write a number with a unit such as 512Mi, 32Gi or 1.5G");
        }
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid size '" + text
                    + "': write a number with a unit such as 512Mi, 32Gi, 1.5G or plain bytes");
        }
        BigDecimal number = new BigDecimal(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2);
        BigDecimal bytes = number.multiply(BigDecimal.valueOf(multiplier(unit)));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("size '" + text + "' is too large");
        }
        return bytes.longValue();
    }

    private static long multiplier(String unit) {
        return switch (unit) {
            case "" -> 1L;
            case "K" -> 1_000L;
            case "M" -> 1_000_000L;
            case "G" -> 1_000_000_000L;
            case "T" -> 1_000_000_000_000L;
            case "P" -> 1_000_000_000_000_000L;
            case "Ki" -> 1L << 10;
            case "Mi" -> 1L << 20;
            case "Gi" -> 1L << 30;
            case "Ti" -> 1L << 40;
            case "Pi" -> 1L << 50;
            default -> throw new IllegalArgumentException("unknown size unit '" + unit + "'");
        };
    }

    /** Formats bytes with the largest binary unit that keeps one decimal, e.g. {@code 1.5 GiB}. */
    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
