package io.memrun.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws ranks {@code 0..n-1} with probability proportional to {@code 1 / (rank + 1)^s}: rank 0 is
 * the most popular. Seeded, so every routing scheme in a run sees the same request sequence.
 */
final class ZipfSampler {
    private final double[] cdf;
    private final SplittableRandom random;

    ZipfSampler(int n, double s, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be positive, was " + n);
        }
        cdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1 / Math.pow(i + 1, s);
            cdf[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cdf[i] /= sum;
        }
        cdf[n - 1] = 1.0;
        random = new SplittableRandom(seed);
    }

    /** The next rank. */
    int next() {
        int i = Arrays.binarySearch(cdf, random.nextDouble());
        return i >= 0 ? i : -i - 1;
    }

    /** {@code count} ranks. */
    int[] sequence(int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = next();
        }
        return out;
    }

    /** The probability of rank {@code i}. */
    double probability(int i) {
        return i == 0 ? cdf[0] : cdf[i] - cdf[i - 1];
    }
}
