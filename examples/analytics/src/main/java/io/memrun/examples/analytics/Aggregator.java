package io.memrun.examples.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * Running count, sum, min and max of one group's values; tracking all four costs no more than
 * choosing, and keeps the scan loop free of per-op branches.
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

    /** Adds a number; NaN (an empty cell) is skipped. */
    void add(double value) {
        if (Double.isNaN(value)) {
            return;
        }
        count++;
        double t = sum + value;
        compensation += Math.abs(sum) >= Math.abs(value) ? (sum - t) + value : (value - t) + sum;
        sum = t;
        if (value < min) {
            min = value;
        }
        if (value > max) {
            max = value;
        }
    }

    /** Adds what {@code other} accumulated over other rows, as if this one had seen them too. */
    void merge(Aggregator other) {
        count += other.count;
        double t = sum + other.sum;
        compensation += Math.abs(sum) >= Math.abs(other.sum) ? (sum - t) + other.sum : (other.sum - t) + sum;
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
     * The result of {@code op}; {@code integral} says whether every input was a whole number, so
     * a whole result is written as a JSON integer.
     */
    JsonNode result(Op op, boolean integral) {
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
