package io.memrun.examples.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The primitive-array scans ({@link CodeGroups}, {@link Aggregator#addNumbers}) give exactly what
 * feeding {@link Aggregator#add} row by row gives, for every op, within one row range and merged
 * across two, on values whose sums round: bit-for-bit the same JSON numbers.
 */
class CodeGroupsTest {
    private static final int ROWS = 50_000;
    private static final int CODES = 7; // code 6 occurs in no row, code 5 only in the second range

    @Test
    void everyOp_matchesAggregatorsFedRowByRow_inOneRangeAndMergedAcrossTwo() {
        Random random = new Random(7);
        int[] groups = new int[ROWS];
        double[] numbers = new double[ROWS];
        int[] texts = new int[ROWS];
        for (int row = 0; row < ROWS; row++) {
            groups[row] = row >= ROWS - 10 ? 5 : random.nextInt(5);
            numbers[row] = switch (random.nextInt(20)) {
                case 0 -> Double.NaN; // an empty cell
                case 1 -> -0.0;
                case 2 -> random.nextInt(1_000_000) * 1e6; // large, so a later small value rounds
                default -> (random.nextInt(2_000_000) - 1_000_000) / 100.0;
            };
            texts[row] = random.nextInt(4);
        }
        if (groups[0] == 0) {
            groups[0] = 1;
        }
        numbers[ROWS - 1] = Double.NaN; // group 5 holds an empty value too
        Column numeric = new Column("amount", numbers, null, null, false, 0, 0, 0);
        Column textual = new Column("customer", null, texts, new String[] {"", "a", "b", "c"}, false, 1, 2, 0);
        int split = ROWS / 3;
        for (Op op : Op.values()) {
            for (Column value : op.numeric() ? new Column[] {numeric} : new Column[] {null, numeric, textual}) {
                Aggregator[] oneRange = feed(groups, value, 0, ROWS);
                Aggregator[] merged = merge(feed(groups, value, 0, split), feed(groups, value, split, ROWS));
                CodeGroups scanned = new CodeGroups(CODES, op);
                scanned.scan(groups, value, 0, ROWS);
                CodeGroups first = new CodeGroups(CODES, op);
                first.scan(groups, value, 0, split);
                CodeGroups second = new CodeGroups(CODES, op);
                second.scan(groups, value, split, ROWS);
                CodeGroups mergedScan = first.merge(second);
                for (int code = 0; code < CODES; code++) {
                    String what = op + " of " + (value == null ? "rows" : value.name()) + ", group " + code;
                    assertEquals(oneRange[code] != null, scanned.occurs(code), what);
                    assertEquals(merged[code] != null, mergedScan.occurs(code), what);
                    if (oneRange[code] != null) {
                        assertSame(oneRange[code].result(op, false), scanned.result(code, false), what);
                        assertSame(merged[code].result(op, false), mergedScan.result(code, false), what + " merged");
                    }
                }
                Aggregator all = new Aggregator();
                Aggregator ranged = new Aggregator();
                for (int row = 0; row < ROWS; row++) {
                    feed(all, value, row);
                }
                if (value == null) {
                    ranged.addPresent(ROWS);
                } else if (value.numeric()) {
                    ranged.addNumbers(numbers, 0, split, op);
                    Aggregator rest = new Aggregator();
                    rest.addNumbers(numbers, split, ROWS, op);
                    ranged.merge(rest);
                    Aggregator whole = new Aggregator();
                    whole.addNumbers(numbers, 0, ROWS, op);
                    assertSame(all.result(op, false), whole.result(op, false), op + " ungrouped");
                    Aggregator first2 = new Aggregator();
                    Aggregator rest2 = new Aggregator();
                    for (int row = 0; row < ROWS; row++) {
                        (row < split ? first2 : rest2).add(numbers[row]);
                    }
                    first2.merge(rest2);
                    all = first2;
                } else {
                    ranged.addPresentTexts(texts, 0, ROWS);
                }
                assertSame(all.result(op, false), ranged.result(op, false), op + " ungrouped, two ranges");
            }
        }
    }

    /** The same JSON, and for a double the same bits (so 0.0 and -0.0 differ). */
    private static void assertSame(JsonNode expected, JsonNode actual, String what) {
        assertEquals(expected, actual, what);
        if (expected.isDouble()) {
            assertEquals(Double.doubleToRawLongBits(expected.doubleValue()), Double.doubleToRawLongBits(actual.doubleValue()),
                    what);
        }
    }

    /** Per-group aggregators fed row by row, as the engine did before it kept primitive arrays. */
    private static Aggregator[] feed(int[] groups, Column value, int from, int to) {
        Aggregator[] out = new Aggregator[CODES];
        for (int row = from; row < to; row++) {
            if (out[groups[row]] == null) {
                out[groups[row]] = new Aggregator();
            }
            feed(out[groups[row]], value, row);
        }
        return out;
    }

    private static void feed(Aggregator aggregator, Column value, int row) {
        if (value == null) {
            aggregator.addPresent();
        } else if (value.numeric()) {
            aggregator.add(value.numbers()[row]);
        } else if (value.codes()[row] != 0) {
            aggregator.addPresent();
        }
    }

    private static Aggregator[] merge(Aggregator[] earlier, Aggregator[] later) {
        for (int code = 0; code < CODES; code++) {
            if (earlier[code] == null) {
                earlier[code] = later[code];
            } else if (later[code] != null) {
                earlier[code].merge(later[code]);
            }
        }
        return earlier;
    }
}
