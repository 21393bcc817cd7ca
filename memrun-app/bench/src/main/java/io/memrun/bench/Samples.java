package io.memrun.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * A handful of repeated measurements (milliseconds, unless the caller says otherwise) and their
 * median. Experiments that repeat an expensive step a few times (a cold load, a Redis GET) report the median, which one slow outlier
 * on a shared machine does not move, and keep every sample in the JSON.
 */
final class Samples {
    private final List<Double> values = new ArrayList<>();

    void add(double ms) {
        values.add(ms);
    }

    /** Adds the time since {@code startNanos}, in milliseconds, and returns it. */
    double addSince(long startNanos) {
        double ms = (System.nanoTime() - startNanos) / 1e6;
        add(ms);
        return ms;
    }

    List<Double> values() {
        return List.copyOf(values);
    }

    int count() {
        return values.size();
    }

    /** The median (the mean of the middle two for an even count); NaN when empty. */
    double median() {
        return median(values);
    }

    static double median(List<Double> xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(xs);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
