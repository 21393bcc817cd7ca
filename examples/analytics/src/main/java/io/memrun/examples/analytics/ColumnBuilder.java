package io.memrun.examples.analytics;

import io.memrun.sdk.HandlerException;
import java.util.Arrays;

/**
 * Accumulates one column of one chunk of rows during decoding. It assumes the column is numeric and
 * keeps primitive doubles until a non-empty value fails to parse; from then on it keeps dictionary
 * codes. The text of the rows before that point is not kept, to spare the numeric common case, so
 * the decoder re-reads it ({@link #backfillRows()}) when some of those rows held numbers; that text
 * is coded in a dictionary of its own ({@link #backfilled()}), since it comes after the rest in the
 * column's final dictionary. {@link ColumnMerger} joins the chunks' builders into a {@link Column}.
 */
final class ColumnBuilder {
    static final int MAX_ROWS = Integer.MAX_VALUE - 8;

    private final String name;
    private double[] numbers;
    private int[] codes;
    private TextDictionary dictionary;
    private TextDictionary backfilled;
    private boolean sawNumber;
    private boolean integral = true;
    private int firstTextRow = -1;
    private long firstTextLine;
    private int backfillRows;

    /**
     * @param name the column's name
     * @param rowsHint how many rows to make room for at first
     */
    ColumnBuilder(String name, int rowsHint) {
        this.name = name;
        this.numbers = new double[Math.max(64, rowsHint)];
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

    /**
     * Sets row {@code row}'s text when re-reading the rows before the column turned textual; the
     * code is one of {@link #backfilled()}.
     */
    void backfill(int row, byte[] value, int offset, int length) {
        codes[row] = backfilled.code(value, offset, length);
    }

    /** How many leading rows must be re-read as text; 0 if none. */
    int backfillRows() {
        return backfillRows;
    }

    /**
     * Makes a column that held only numbers (and empty cells) in this chunk textual, because it is
     * textual in another chunk: its {@code rows} rows are then all re-read. No effect if textual.
     */
    void toText(int rows) {
        if (codes == null) {
            becomeText(rows, -1);
            firstTextRow = -1; // no text in this chunk
        }
    }

    String name() {
        return name;
    }

    boolean textual() {
        return codes != null;
    }

    /** A numeric column's values, one per row and possibly more (spare capacity). */
    double[] numbers() {
        return numbers;
    }

    /** Whether every number is whole. */
    boolean integral() {
        return integral;
    }

    /**
     * A textual column's codes, one per row and possibly more: rows before {@link #backfillRows()}
     * index {@link #backfilled()}, the others {@link #dictionary()}.
     */
    int[] codes() {
        return codes;
    }

    /** The text values seen after the column turned textual, in order of first appearance. */
    TextDictionary dictionary() {
        return dictionary;
    }

    /** The text values of the re-read rows, in order of first appearance. */
    TextDictionary backfilled() {
        return backfilled;
    }

    /** The 0-based row of the chunk's first non-numeric value; -1 if the chunk has none. */
    int firstTextRow() {
        return firstTextRow;
    }

    /** The file line of that value. */
    long firstTextLine() {
        return firstTextLine;
    }

    /** The error for a table too long to index with an {@code int}. */
    static HandlerException tooManyRows() {
        return HandlerException.badRequest("the file has more than " + MAX_ROWS + " rows: split it");
    }

    private void becomeText(int row, long line) {
        // Rows before this one were empty or numbers: empty ones are code 0 already, numbers get re-read.
        codes = new int[Math.max(numbers.length, row)];
        backfillRows = sawNumber ? row : 0;
        firstTextRow = row;
        firstTextLine = line;
        dictionary = new TextDictionary();
        backfilled = new TextDictionary();
        numbers = null;
    }

    private static int grow(int length) {
        if (length >= MAX_ROWS) {
            throw tooManyRows();
        }
        return (int) Math.min(2L * length, MAX_ROWS);
    }
}
