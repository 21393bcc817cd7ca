package io.memrun.bench;

import java.util.Locale;

/**
 * One of the SPEC's "numbers we hold ourselves to", as measured in this run.
 *
 * @param target the SPEC's wording, shortened, e.g. {@code warm request >= 50x faster than cold}
 * @param measured what this run measured, e.g. {@code 87.3x (cold 2,912 ms, warm 33.4 ms)}
 * @param verdict met, not met, or not measured
 * @param note why, when it is not plainly met (or what the figure depends on)
 */
public record TargetCheck(String target, String measured, Verdict verdict, String note) {
    /** The outcome of a check. */
    public enum Verdict {
        MET("met"), NOT_MET("NOT MET"), SKIPPED("not measured");

        private final String label;

        Verdict(String label) {
            this.label = label;
        }

        /** How the table prints it. */
        public String label() {
            return label;
        }
    }

    /** A check whose verdict is {@code met ? MET : NOT_MET}. */
    static TargetCheck of(String target, String measured, boolean met, String note) {
        return new TargetCheck(target, measured, met ? Verdict.MET : Verdict.NOT_MET, note);
    }

    /** A target this run could not measure, saying why. */
    static TargetCheck skipped(String target, String why) {
        return new TargetCheck(target, "-", Verdict.SKIPPED, why);
    }

    /** {@code 12.3x}, or {@code 1,234x} for large ratios. */
    static String ratio(double r) {
        if (Double.isNaN(r) || Double.isInfinite(r)) {
            return "n/a";
        }
        return r >= 100 ? String.format(Locale.ROOT, "%,.0fx", r) : String.format(Locale.ROOT, "%.1fx", r);
    }

    /** Milliseconds with sensible precision: {@code 2,912 ms}, {@code 33.4 ms}, {@code 0.707 ms}, {@code 8.4 us}, {@code 61 ns}. */
    static String ms(double ms) {
        if (Double.isNaN(ms)) {
            return "n/a";
        }
        if (ms >= 1000) {
            return String.format(Locale.ROOT, "%,.0f ms", ms);
        }
        if (ms >= 10) {
            return String.format(Locale.ROOT, "%.1f ms", ms);
        }
        if (ms >= 1) {
            return String.format(Locale.ROOT, "%.2f ms", ms);
        }
        if (ms >= 0.1) {
            return String.format(Locale.ROOT, "%.3f ms", ms);
        }
        if (ms >= 0.001) {
            return String.format(Locale.ROOT, "%.1f us", ms * 1e3);
        }
        return String.format(Locale.ROOT, "%.0f ns", ms * 1e6);
    }
}
