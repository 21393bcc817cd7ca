package io.memrun.examples.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;

/**
 * One row range's aggregates grouped by a textual column, one slot per dictionary code, held in
 * primitive arrays rather than one {@link Aggregator} per group: the scan of a warm table is the
 * whole cost of a query, and a per-row object load plus five field updates (whatever the op) was
 * most of it. Only the arrays the op reads exist, and each kind of scan (op, and whether the value
 * column is absent, textual or numeric) is its own loop, so no per-row branch asks which.
 *
 * <p>The figures per group are those {@link Aggregator#add} would reach over the same rows in the
 * same order: the same Neumaier steps ({@link Aggregator#roundingError}) and comparisons, and
 * {@link #merge} mirrors {@link Aggregator#merge}, so results are bit-for-bit the same.
 */
final class CodeGroups {
    private final Op op;
    /** Rows per code; a group exists (is emitted) when it has any. */
    private final long[] rows;
    /** Rows per code whose value is empty (NaN, or text code 0), so not counted. */
    private final long[] empty;
    /** For sum and avg: running sums and their Neumaier compensations; otherwise null. */
    private final double[] sums;
    private final double[] compensations;
    /** For min (or max): the running extreme; otherwise null. */
    private final double[] extremes;

    /** Empty aggregates for a dictionary of {@code codes} values. */
    CodeGroups(int codes, Op op) {
        this.op = op;
        this.rows = new long[codes];
        this.empty = new long[codes];
        boolean sums = op == Op.SUM || op == Op.AVG;
        this.sums = sums ? new double[codes] : null;
        this.compensations = sums ? new double[codes] : null;
        if (op == Op.MIN || op == Op.MAX) {
            extremes = new double[codes];
            Arrays.fill(extremes, op == Op.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
        } else {
            extremes = null;
        }
    }

    /**
     * Aggregates rows {@code [from, to)}: {@code value} ({@code null} to count rows) in the group
     * {@code groups[row]} names.
     */
    void scan(int[] groups, Column value, int from, int to) {
        if (value == null) {
            countRows(groups, from, to);
        } else if (!value.numeric()) {
            countTexts(groups, value.codes(), from, to);
        } else {
            double[] numbers = value.numbers();
            switch (op) {
                case COUNT -> countNumbers(groups, numbers, from, to);
                case SUM, AVG -> sumNumbers(groups, numbers, from, to);
                case MIN -> minNumbers(groups, numbers, from, to);
                case MAX -> maxNumbers(groups, numbers, from, to);
            }
        }
    }

    private void countRows(int[] groups, int from, int to) {
        long[] rows = this.rows;
        for (int row = from; row < to; row++) {
            rows[groups[row]]++;
        }
    }

    private void countTexts(int[] groups, int[] texts, int from, int to) {
        long[] rows = this.rows;
        long[] empty = this.empty;
        for (int row = from; row < to; row++) {
            int group = groups[row];
            rows[group]++;
            if (texts[row] == 0) {
                empty[group]++;
            }
        }
    }

    private void countNumbers(int[] groups, double[] numbers, int from, int to) {
        long[] rows = this.rows;
        long[] empty = this.empty;
        for (int row = from; row < to; row++) {
            int group = groups[row];
            rows[group]++;
            if (numbers[row] != numbers[row]) { // NaN: an empty cell
                empty[group]++;
            }
        }
    }

    private void sumNumbers(int[] groups, double[] numbers, int from, int to) {
        long[] rows = this.rows;
        long[] empty = this.empty;
        double[] sums = this.sums;
        double[] compensations = this.compensations;
        for (int row = from; row < to; row++) {
            int group = groups[row];
            double value = numbers[row];
            rows[group]++;
            if (value != value) {
                empty[group]++;
                continue;
            }
            double sum = sums[group];
            double t = sum + value;
            compensations[group] += Aggregator.roundingError(sum, value, t);
            sums[group] = t;
        }
    }

    private void minNumbers(int[] groups, double[] numbers, int from, int to) {
        long[] rows = this.rows;
        long[] empty = this.empty;
        double[] mins = extremes;
        for (int row = from; row < to; row++) {
            int group = groups[row];
            double value = numbers[row];
            rows[group]++;
            if (value != value) {
                empty[group]++;
            } else if (value < mins[group]) { // on a tie the earlier value stays, as in Aggregator
                mins[group] = value;
            }
        }
    }

    private void maxNumbers(int[] groups, double[] numbers, int from, int to) {
        long[] rows = this.rows;
        long[] empty = this.empty;
        double[] maxes = extremes;
        for (int row = from; row < to; row++) {
            int group = groups[row];
            double value = numbers[row];
            rows[group]++;
            if (value != value) {
                empty[group]++;
            } else if (value > maxes[group]) {
                maxes[group] = value;
            }
        }
    }

    /**
     * Adds what {@code later} aggregated over the rows after this one's, group by group as
     * {@link Aggregator#merge} does; a group only one side saw is taken as it is, as when merging
     * per-group aggregators that exist only where a group occurred.
     */
    CodeGroups merge(CodeGroups later) {
        for (int code = 0; code < rows.length; code++) {
            if (later.rows[code] == 0) {
                continue;
            }
            boolean fresh = rows[code] == 0;
            rows[code] += later.rows[code];
            empty[code] += later.empty[code];
            if (sums != null) {
                if (fresh) {
                    sums[code] = later.sums[code];
                    compensations[code] = later.compensations[code];
                } else {
                    double t = sums[code] + later.sums[code];
                    compensations[code] += Aggregator.roundingError(sums[code], later.sums[code], t);
                    compensations[code] += later.compensations[code];
                    sums[code] = t;
                }
            }
            if (extremes != null && (op == Op.MIN ? later.extremes[code] < extremes[code]
                    : later.extremes[code] > extremes[code])) {
                extremes[code] = later.extremes[code];
            }
        }
        return this;
    }

    /** Whether any row fell in group {@code code}. */
    boolean occurs(int code) {
        return rows[code] != 0;
    }

    /** Group {@code code}'s result, as {@link Aggregator#result} words it. */
    JsonNode result(int code, boolean integral) {
        long count = rows[code] - empty[code];
        double sum = sums == null ? 0 : sums[code];
        double compensation = compensations == null ? 0 : compensations[code];
        double extreme = extremes == null ? 0 : extremes[code];
        return Aggregator.result(op, integral, count, sum, compensation, extreme, extreme);
    }
}
