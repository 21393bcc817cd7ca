package io.memrun.examples.analytics;

import io.memrun.sdk.HandlerException;
import java.util.Arrays;

/**
 * Accumulates one column during decoding. It assumes the column is numeric and keeps primitive
 * doubles until a non-empty value fails to parse; from then on it keeps dictionary codes. The text
 * of the rows before that point is not kept, to spare the numeric common case, so the decoder
 * re-reads it ({@link #backfillRows()}) when some of those rows held numbers.
 */
final class ColumnBuilder {
    private static final int MAX_ROWS = Integer.MAX_VALUE - 8;

    private final String name;
    private double[] numbers = new double[64];
    private int[] codes;
    private TextDictionary dictionary;
    private boolean sawNumber;
    private boolean integral = true;
    private int firstTextRow = -1;
    private long firstTextLine;
    private int backfillRows;

    ColumnBuilder(String name) {
        this.name = name;
    }

    /** Adds row {@code row}'s value, {@code value[offset, offset + length)}, found on line {@code line}. */
    void add(int row, byte[] value, int offset, int length, long line) {
        if (codes == null) {
            if (row == numbers.length) {
                numbers = Arrays.copyOf(numbers, grow(row));
            }
            double number = length == 0 ? Double.NaN : Numbers.parse(value, offset, length);
            if (!Double.isNaN(number) || length == 0) {
                numbers[row] = number;
                if (length > 0) {
                    sawNumber = true;
                    integral &= number == Math.rint(number);
                }
                return;
            }
            becomeText(row, line);
        } else if (row == codes.length) {
            codes = Arrays.copyOf(codes, grow(row));
        }
        codes[row] = dictionary.code(value, offset, length);
    }

    /** Sets row {@code row}'s text when re-reading the rows before the column turned textual. */
    void backfill(int row, byte[] value, int offset, int length) {
        codes[row] = dictionary.code(value, offset, length);
    }

    /** How many leading rows must be re-read as text; 0 if none. */
    int backfillRows() {
        return backfillRows;
    }

    Column finish(int rows) {
        if (codes == null) {
            return new Column(name, Arrays.copyOf(numbers, rows), null, null, integral, -1, 0, 16 + 8L * rows);
        }
        return new Column(name, null, Arrays.copyOf(codes, rows), dictionary.values(), false, firstTextRow + 1,
                firstTextLine, 32 + 4L * rows + dictionary.heapBytes());
    }

    private void becomeText(int row, long line) {
        // Rows before this one were empty or numbers: empty ones are code 0 already, numbers get re-read.
        codes = new int[numbers.length];
        backfillRows = sawNumber ? row : 0;
        firstTextRow = row;
        firstTextLine = line;
        dictionary = new TextDictionary();
        numbers = null;
    }

    private static int grow(int length) {
        if (length >= MAX_ROWS) {
            throw HandlerException.badRequest("the file has more than " + MAX_ROWS + " rows: split it");
        }
        return (int) Math.min(2L * length, MAX_ROWS);
    }
}
