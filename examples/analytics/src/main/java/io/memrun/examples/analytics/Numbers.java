package io.memrun.examples.analytics;

import java.nio.charset.StandardCharsets;

/**
 * Parses decimal numbers straight from CSV bytes and formats results. Parsing is strict (an
 * optional sign, digits with an optional fraction, an optional exponent, optional surrounding
 * blanks) so that values like {@code NaN}, {@code 0x1p3} or {@code 1d}, which
 * {@link Double#parseDouble} accepts, keep a column textual.
 */
final class Numbers {
    /** Exactly representable powers of ten, for the fast path. */
    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };
    private static final long MAX_EXACT = 1L << 53;

    private Numbers() {
    }

    /** The value of {@code bytes[offset, offset + length)}, or NaN if it is not a finite decimal number. */
    static double parse(byte[] bytes, int offset, int length) {
        double simple = parseSimple(bytes, offset, length);
        return simple == simple ? simple : parseFull(bytes, offset, length);
    }

    /**
     * The common case, {@code [-]digits[.digits]} with at most 15 digits and nothing else, in one
     * tight loop; NaN for anything else, which {@link #parseFull} then judges. Where it answers, it
     * answers as {@link #parseFull} would: the mantissa is below 2^53 and the scale at most 15, so
     * both take the same exact division.
     */
    private static double parseSimple(byte[] bytes, int offset, int length) {
        if (length > 16) {
            return Double.NaN;
        }
        int i = offset;
        int end = offset + length;
        boolean negative = i < end && bytes[i] == '-';
        if (negative) {
            i++;
        }
        int start = i;
        long mantissa = 0;
        int dot = -1;
        for (; i < end; i++) {
            int digit = bytes[i] - '0';
            if (digit >= 0 && digit <= 9) {
                mantissa = mantissa * 10 + digit;
            } else if (bytes[i] == '.' && dot < 0) {
                dot = i;
            } else {
                return Double.NaN;
            }
        }
        int digits = end - start - (dot < 0 ? 0 : 1);
        if (digits == 0 || digits > 15) {
            return Double.NaN;
        }
        double value = dot < 0 ? mantissa : mantissa / POW10[end - dot - 1];
        return negative ? -value : value;
    }

    private static double parseFull(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end && isBlank(bytes[i])) {
            i++;
        }
        while (end > i && isBlank(bytes[end - 1])) {
            end--;
        }
        boolean negative = false;
        if (i < end && (bytes[i] == '-' || bytes[i] == '+')) {
            negative = bytes[i++] == '-';
        }
        long mantissa = 0;
        int significant = 0;
        int scale = 0;
        boolean digits = false;
        boolean fraction = false;
        boolean slow = false;
        for (; i < end; i++) {
            byte c = bytes[i];
            if (c == '.' && !fraction) {
                fraction = true;
                continue;
            }
            if (c < '0' || c > '9') {
                break;
            }
            digits = true;
            if (significant == 18) {
                slow = true; // more digits than a long holds exactly: leave it to the JDK
                continue;
            }
            mantissa = mantissa * 10 + (c - '0');
            if (mantissa != 0) {
                significant++;
            }
            if (fraction) {
                scale++;
            }
        }
        if (!digits) {
            return Double.NaN;
        }
        int exponent = 0;
        if (i < end && (bytes[i] == 'e' || bytes[i] == 'E')) {
            i++;
            boolean negativeExponent = i < end && bytes[i] == '-';
            if (i < end && (bytes[i] == '-' || bytes[i] == '+')) {
                i++;
            }
            int start = i;
            for (; i < end && bytes[i] >= '0' && bytes[i] <= '9'; i++) {
                exponent = Math.min(exponent * 10 + (bytes[i] - '0'), 100_000);
            }
            if (i == start) {
                return Double.NaN;
            }
            exponent = negativeExponent ? -exponent : exponent;
        }
        if (i != end) {
            return Double.NaN;
        }
        int power = exponent - scale;
        if (!slow && mantissa < MAX_EXACT && power >= -22 && power <= 22) {
            // Both operands are exact, so one IEEE division or multiplication rounds correctly.
            double value = power < 0 ? mantissa / POW10[-power] : mantissa * POW10[power];
            return negative ? -value : value;
        }
        double value = Double.parseDouble(new String(bytes, offset, length, StandardCharsets.ISO_8859_1));
        return Double.isInfinite(value) ? Double.NaN : value;
    }

    /** Whether {@code value} is a whole number a double holds exactly, so it can be written as a long. */
    static boolean isExactWhole(double value) {
        return value == Math.rint(value) && Math.abs(value) < MAX_EXACT;
    }

    /** A group key: whole numbers without a fraction, others as Java writes them. */
    static String format(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        return isExactWhole(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static boolean isBlank(byte c) {
        return c == ' ' || c == '\t';
    }
}
