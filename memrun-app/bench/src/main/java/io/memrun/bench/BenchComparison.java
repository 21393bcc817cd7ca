package io.memrun.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code memrun bench --compare OLD.json}: every figure of this run beside the same figure of an
 * earlier one, with the change, marked {@code better} or {@code WORSE} when it moved beyond the
 * noise two runs of one build show ({@link BenchFigures}); figures only one run has are listed
 * with a dash.
 */
final class BenchComparison {
    /** How a figure moved. */
    enum Move {
        NOISE(""), BETTER("better"), WORSE("WORSE"), ONE_SIDED("");

        final String label;

        Move(String label) {
            this.label = label;
        }
    }

    /** One figure in both runs. */
    record Line(String name, double before, double now, double change, Move move) {
    }

    private BenchComparison() {
    }

    static List<Line> compare(JsonNode before, JsonNode now) {
        List<BenchFigures.Figure> a = BenchFigures.of(before);
        List<BenchFigures.Figure> b = BenchFigures.of(now);
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            BenchFigures.Figure old = a.get(i);
            BenchFigures.Figure cur = b.get(i);
            if (Double.isNaN(old.value()) && Double.isNaN(cur.value())) {
                continue;
            }
            if (Double.isNaN(old.value()) || Double.isNaN(cur.value()) || old.value() == 0) {
                out.add(new Line(cur.name(), old.value(), cur.value(), Double.NaN, Move.ONE_SIDED));
                continue;
            }
            double change = cur.value() / old.value() - 1;
            Move move = Math.abs(change) <= cur.noise() ? Move.NOISE
                    : (change > 0) == cur.higherIsBetter() ? Move.BETTER : Move.WORSE;
            out.add(new Line(cur.name(), old.value(), cur.value(), change, move));
        }
        return out;
    }

    static void print(List<Line> lines, String beforeLabel, PrintWriter out) {
        out.printf(Locale.ROOT, "%ncompared with %s (marked where the change is beyond the noise between two runs of one build)%n",
                beforeLabel);
        int width = lines.stream().mapToInt(l -> l.name().length()).max().orElse(40);
        out.printf(Locale.ROOT, "  %-" + width + "s %12s %12s %8s%n", "figure", "before", "now", "change");
        int better = 0;
        int worse = 0;
        for (Line l : lines) {
            out.printf(Locale.ROOT, "  %-" + width + "s %12s %12s %8s  %s%n", l.name(), fmt(l.before()), fmt(l.now()),
                    Double.isNaN(l.change()) ? "-" : String.format(Locale.ROOT, "%+.0f%%", 100 * l.change()), l.move().label);
            better += l.move() == Move.BETTER ? 1 : 0;
            worse += l.move() == Move.WORSE ? 1 : 0;
        }
        out.printf(Locale.ROOT, "  %d better, %d worse, %d within noise or in one run only%n", better, worse,
                lines.size() - better - worse);
        out.flush();
    }

    private static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        return a >= 1000 ? String.format(Locale.ROOT, "%,.0f", v) : a >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : a >= 0.1 ? String.format(Locale.ROOT, "%.3f", v) : String.format(Locale.ROOT, "%.4f", v);
    }
}
