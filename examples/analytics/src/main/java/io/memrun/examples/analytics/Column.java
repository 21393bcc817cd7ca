package io.memrun.examples.analytics;

/**
 * One decoded column. A numeric column (every non-empty value is a number) holds {@code numbers},
 * empty cells as NaN. A textual column is dictionary-encoded: {@code codes} holds one index into
 * {@code dictionary} per row, code 0 being the empty value; primitive per-row storage keeps
 * millions of references out of the garbage collector's way and makes grouping an array index.
 *
 * @param name the header name
 * @param numbers a numeric column's values, one per row; {@code null} for a textual column
 * @param codes a textual column's value codes, one per row; {@code null} for a numeric column
 * @param dictionary a textual column's distinct values, by code; {@code null} for a numeric column
 * @param integral whether every number is a whole number (always true for an all-empty column)
 * @param firstTextRow for a textual column, the 1-based data row of its first non-numeric value
 * @param firstTextLine the file line of that value
 * @param weightBytes the column's approximate heap footprint
 */
record Column(String name, double[] numbers, int[] codes, String[] dictionary, boolean integral, int firstTextRow,
        long firstTextLine, long weightBytes) {

    boolean numeric() {
        return numbers != null;
    }

    /** A textual column's value in row {@code row} ({@code ""} if empty). */
    String text(int row) {
        return dictionary[codes[row]];
    }
}
