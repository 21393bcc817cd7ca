package io.memrun.shell.internal;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Chooses which of {@code keys} distinct keys a bench request uses: uniformly, or Zipf with
 * exponent s (key 0 the most popular, key i drawn with weight 1/(i+1)^s), the shape of real
 * dataset popularity that makes warm caches pay off.
 */
public sealed interface KeyDistribution {
    /** A key index in {@code [0, keys)}. */
    int next(RandomGenerator random);

    /** How many distinct keys. */
    int keys();

    /** Parses {@code uniform} or {@code zipf} (s = 1.0) for {@code keys} keys. */
    static KeyDistribution of(String name, int keys) {
        return switch (name) {
            case "uniform" -> new Uniform(keys);
            case "zipf" -> Zipf.of(keys, 1.0);
            default -> throw new IllegalArgumentException("unknown distribution '" + name + "': use uniform or zipf");
        };
    }

    /** Every key equally likely. */
    record Uniform(int keys) implements KeyDistribution {
        public Uniform {
            requirePositive(keys);
        }

        @Override
        public int next(RandomGenerator random) {
            return random.nextInt(keys);
        }

        @Override
        public String toString() {
            return "uniform";
        }
    }

    /** Zipf by inverse transform over a precomputed CDF: exact, and O(log keys) per draw. */
    record Zipf(double s, double[] cdf) implements KeyDistribution {
        static Zipf of(int keys, double s) {
            requirePositive(keys);
            double[] cdf = new double[keys];
            double sum = 0;
            for (int i = 0; i < keys; i++) {
                sum += 1 / Math.pow(i + 1, s);
                cdf[i] = sum;
            }
            for (int i = 0; i < keys; i++) {
                cdf[i] /= sum;
            }
            return new Zipf(s, cdf);
        }

        @Override
        public int next(RandomGenerator random) {
            int i = Arrays.binarySearch(cdf, random.nextDouble());
            int k = i >= 0 ? i : -i - 1;
            return Math.min(k, cdf.length - 1);
        }

        @Override
        public int keys() {
            return cdf.length;
        }

        @Override
        public String toString() {
            return "zipf s=" + s;
        }
    }

    private static void requirePositive(int keys) {
        if (keys < 1) {
            throw new IllegalArgumentException("keys must be at least 1, was " + keys);
        }
    }
}
