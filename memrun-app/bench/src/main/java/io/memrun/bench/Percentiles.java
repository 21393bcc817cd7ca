package io.memrun.bench;

import java.util.Arrays;
import java.util.Locale;

/** Latency samples in nanoseconds and their percentiles. Not thread-safe: merge per-thread recorders. */
final class Percentiles {
    private long[] samples = new long[1024];
    private int count;

    void record(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    void addAll(Percentiles other) {
        for (int i = 0; i < other.count; i++) {
            record(other.samples[i]);
        }
    }

    int count() {
        return count;
    }

    /** The value at quantile {@code q} (0..1) in milliseconds, nearest-rank. */
    double ms(double q) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int idx = (int) Math.min(count - 1, Math.max(0, Math.ceil(q * count) - 1));
        return sorted[idx] / 1e6;
    }

    String summary() {
        return String.format(Locale.ROOT, "p50 %.3f ms  p99 %.3f ms  p999 %.3f ms  (n=%d)", ms(0.5), ms(0.99), ms(0.999), count);
    }
}
