package io.memrun.examples.analytics;

import io.memrun.sdk.HandlerException;
import java.io.IOException;
import java.util.List;

/**
 * The records of one chunk of a CSV file's data rows (the whole file, when decoding on one thread),
 * decoded into the chunk's own column builders; {@link ColumnMerger} joins the chunks in file order.
 * A chunk decoded in parallel may fail for a reason that only holds if the chunks were cut in the
 * wrong place, so its failure is kept ({@link #fail}) for the decoder to judge, not thrown.
 */
final class CsvChunk {
    private final ColumnBuilder[] builders;
    private final long firstLine;
    private int rows;
    private long endLine;
    private HandlerException failure;
    private boolean endedInQuotes;

    /**
     * @param header the column names
     * @param firstLine the file line the chunk starts on
     * @param rowsHint how many rows to make room for at first
     */
    CsvChunk(List<String> header, long firstLine, int rowsHint) {
        this.builders = new ColumnBuilder[header.size()];
        for (int c = 0; c < builders.length; c++) {
            builders[c] = new ColumnBuilder(header.get(c), rowsHint);
        }
        this.firstLine = firstLine;
        this.endLine = firstLine;
    }

    /**
     * Reads every record {@code csv} has left.
     *
     * @throws HandlerException 400 if a record has a different number of fields than the header or
     *     a quoted field is malformed
     */
    void read(CsvTokenizer csv, String source) throws IOException {
        ColumnBuilder[] columns = builders;
        int row = 0;
        while (readRow(csv, columns, row, source)) {
            row++;
        }
        rows = row;
        endLine = csv.line();
    }

    /** Keeps the failure of {@link #read}; {@code endedInQuotes}: the chunk ended inside a quoted field. */
    void fail(HandlerException e, boolean endedInQuotes) {
        this.failure = e;
        this.endedInQuotes = endedInQuotes;
    }

    /**
     * Re-reads the leading rows of the columns that held numbers before turning textual, from a
     * tokenizer at the chunk's first record.
     */
    void backfill(CsvTokenizer csv) throws IOException {
        int until = backfillRows();
        for (int row = 0; row < until; row++) {
            for (ColumnBuilder builder : builders) {
                csv.next();
                if (row < builder.backfillRows()) {
                    builder.backfill(row, csv.field(), csv.fieldOffset(), csv.fieldLength());
                }
            }
        }
    }

    /** How many leading rows {@link #backfill} re-reads; 0 if none. */
    int backfillRows() {
        int until = 0;
        for (ColumnBuilder builder : builders) {
            until = Math.max(until, builder.backfillRows());
        }
        return until;
    }

    ColumnBuilder builder(int column) {
        return builders[column];
    }

    int rows() {
        return rows;
    }

    /** The file line the chunk starts on. */
    long firstLine() {
        return firstLine;
    }

    /** The file line after the chunk's last record: where the next chunk must start. */
    long endLine() {
        return endLine;
    }

    /** Why {@link #read} failed; {@code null} if it did not. */
    HandlerException failure() {
        return failure;
    }

    /** Whether the chunk failed because it ended inside a quoted field (which may close in the next chunk). */
    boolean endedInQuotes() {
        return endedInQuotes;
    }

    /** Reads one record into row {@code row} of the builders; false at the end of the input. */
    private static boolean readRow(CsvTokenizer csv, ColumnBuilder[] builders, int row, String source)
            throws IOException {
        int kind = csv.next();
        if (kind == CsvTokenizer.EOF) {
            return false;
        }
        int c = 0;
        while (true) {
            if (c < builders.length) {
                builders[c].add(row, csv.field(), csv.fieldOffset(), csv.fieldLength(), csv.recordLine());
            }
            c++;
            if (kind == CsvTokenizer.RECORD) {
                break;
            }
            kind = csv.next();
        }
        if (c != builders.length) {
            throw HandlerException.badRequest(source + " is not a rectangular CSV table: line " + csv.recordLine()
                    + " has " + c + " fields but the header has " + builders.length
                    + " (quote fields that contain commas, e.g. \"Smith, J\")");
        }
        return true;
    }
}
