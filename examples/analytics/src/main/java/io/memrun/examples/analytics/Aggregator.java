package io.memrun.examples.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * Running count, sum, min and max of one group's values. {@link #add} tracks all four, for callers
 * that feed one value at a time; the range methods ({@link #addNumbers}, {@link #addPresentTexts})
 * keep only what the op reads, in local variables, because a whole-table scan spends its time in
 * them. The static {@link #roundingError} and {@link #result(Op, boolean, long, double, double,
 * double, double)} are the one definition of the arithmetic and of the reply that
 * {@link CodeGroups} shares, so every path gives the same numbers.
 */
final class Aggregator {
    private long count;
    private double sum;
    /** Neumaier compensation: the low-order bits the running sum lost, so sums of cents stay exact-looking. */
    private double compensation;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    /** Counts a present value that is not aggregated numerically (a row, or a text cell). */
    void addPresent() {
        count++;
    }

    /** Counts {@code n} present values at once (rows, or text cells). */
    void addPresent(long n) {
        count += n;
    }

    /** Adds a number; NaN (an empty cell) is skipped. */
    void add(double value) {
        if (Double.isNaN(value)) {
            return;
        }
        count++;
        double t = sum + value;
        compensation += roundingError(sum, value, t);
        sum = t;
        if (value < min) {
            min = value;
        }
        if (value > max) {
            max = value;
        }
    }

    /**
     * Adds {@code numbers[from, to)} in row order, NaN (empty) skipped, as {@link #add} on each
     * would as far as {@code op}'s result goes: a sum or mean accumulates count, sum and
     * compensation only, a min or max only the count and that extreme, a count only the count.
     */
    void addNumbers(double[] numbers, int from, int to, Op op) {
        switch (op) {
            case COUNT -> count += countNumbers(numbers, from, to);
            case SUM, AVG -> sumNumbers(numbers, from, to);
            case MIN -> minNumbers(numbers, from, to);
            case MAX -> maxNumbers(numbers, from, to);
        }
    }

    /** Counts the non-empty cells (code other than 0) of a textual column in rows {@code [from, to)}. */
    void addPresentTexts(int[] codes, int from, int to) {
        long n = 0;
        for (int row = from; row < to; row++) {
            n += codes[row] != 0 ? 1 : 0;
        }
        count += n;
    }

    private static long countNumbers(double[] numbers, int from, int to) {
        long n = 0;
        for (int row = from; row < to; row++) {
            double value = numbers[row];
            n += value == value ? 1 : 0; // NaN != NaN
        }
        return n;
    }

    private void sumNumbers(double[] numbers, int from, int to) {
        long n = count;
        double s = sum;
        double c = compensation;
        for (int row = from; row < to; row++) {
            double value = numbers[row];
            if (value != value) {
                continue; // NaN: an empty cell
            }
            n++;
            double t = s + value;
            c += roundingError(s, value, t);
            s = t;
        }
        count = n;
        sum = s;
        compensation = c;
    }

    private void minNumbers(double[] numbers, int from, int to) {
        long n = count;
        double m = min;
        for (int row = from; row < to; row++) {
            double value = numbers[row];
            if (value != value) {
                continue;
            }
            n++;
            if (value < m) { // on a tie the earlier value stays, as in add()
                m = value;
            }
        }
        count = n;
        min = m;
    }

    private void maxNumbers(double[] numbers, int from, int to) {
        long n = count;
        double m = max;
        for (int row = from; row < to; row++) {
            double value = numbers[row];
            if (value != value) {
                continue;
            }
            n++;
            if (value > m) {
                m = value;
            }
        }
        count = n;
        max = m;
    }

    /** Adds what {@code other} accumulated over other rows, as if this one had seen them too. */
    void merge(Aggregator other) {
        count += other.count;
        double t = sum + other.sum;
        compensation += roundingError(sum, other.sum, t);
        compensation += other.compensation;
        sum = t;
        // As add() compares: on a tie the earlier rows' value stays (0.0 and -0.0 print differently).
        if (other.min < min) {
            min = other.min;
        }
        if (other.max > max) {
            max = other.max;
        }
    }

    /**
     * The rounding error of {@code t = sum + value}, which the Neumaier compensation gathers: exact
     * as long as nothing overflows, whichever operand is larger.
     */
    static double roundingError(double sum, double value, double t) {
        return Math.abs(sum) >= Math.abs(value) ? (sum - t) + value : (value - t) + sum;
    }

    /**
     * The result of {@code op}; {@code integral} says whether every input was a whole number, so
     * a whole result is written as a JSON integer.
     */
    JsonNode result(Op op, boolean integral) {
        return result(op, integral, count, sum, compensation, min, max);
    }

    /**
     * The result of {@code op} over a group with these accumulated figures (those {@code op} does
     * not read may be anything): a count, the compensated sum or mean, or the extreme; null for the
     * mean or an extreme of no values.
     */
    static JsonNode result(Op op, boolean integral, long count, double sum, double compensation, double min,
            double max) {
        return switch (op) {
            case COUNT -> LongNode.valueOf(count);
            case SUM -> number(sum + compensation, integral);
            case AVG -> count == 0 ? NullNode.getInstance() : number((sum + compensation) / count, integral);
            case MIN -> count == 0 ? NullNode.getInstance() : number(min, integral);
            case MAX -> count == 0 ? NullNode.getInstance() : number(max, integral);
        };
    }

    private static JsonNode number(double value, boolean integral) {
        if (integral && Numbers.isExactWhole(value)) {
            return LongNode.valueOf((long) value);
        }
        return DoubleNode.valueOf(value);
    }
}
