package io.memrun.shell.internal;

import java.util.Arrays;

/** Percentiles of a set of latencies (nearest rank: p99 of 1000 samples is the 990th smallest). */
public final class LatencyStats {
    private final long[] sortedNanos;

    public LatencyStats(long[] nanos) {
        this.sortedNanos = nanos.clone();
        Arrays.sort(sortedNanos);
    }

    /** How many samples. */
    public int count() {
        return sortedNanos.length;
    }

    /**
     * The {@code q}-quantile in milliseconds, {@code q} in (0, 1]; 0 when there are no samples.
     */
    public double percentileMs(double q) {
        if (q <= 0 || q > 1) {
            throw new IllegalArgumentException("quantile must be in (0, 1], was " + q);
        }
        if (sortedNanos.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sortedNanos.length);
        return sortedNanos[Math.max(0, rank - 1)] / 1e6;
    }

    /** The largest sample in milliseconds. */
    public double maxMs() {
        return sortedNanos.length == 0 ? 0 : sortedNanos[sortedNanos.length - 1] / 1e6;
    }

    /** The mean in milliseconds. */
    public double meanMs() {
        return sortedNanos.length == 0 ? 0 : Arrays.stream(sortedNanos).average().orElse(0) / 1e6;
    }
}
