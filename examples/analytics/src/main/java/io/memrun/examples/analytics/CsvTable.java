package io.memrun.examples.analytics;

import io.memrun.sdk.CachedObject;
import io.memrun.sdk.DecodedForm;
import io.memrun.sdk.SharedWorkerContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A CSV file decoded into columns, the structure the handler keeps warm in the worker's shared
 * store. A column whose every non-empty value is a number is held as a primitive {@code double[]}
 * (empty cells as NaN); any other column is dictionary-encoded, its distinct values in a
 * {@code String[]} and one {@code int} code per row, so a warm table holds no per-row objects for
 * the garbage collector to trace. Immutable, so any number of requests may read it at once.
 */
public final class CsvTable implements SharedWorkerContext.Weighted {
    /**
     * The table as a {@link DecodedForm}: {@code file.decoded(CsvTable.FORM)} parses a cached CSV
     * once and keeps its columns on the worker's disk beside it, so a worker with an empty memory
     * tier reads them back instead of parsing again.
     */
    public static final DecodedForm<CsvTable> FORM = ColumnsForm.INSTANCE;

    private final List<String> header;
    private final Column[] columns;
    private final int rows;
    private final long weightBytes;

    CsvTable(List<String> header, Column[] columns, int rows) {
        this.header = List.copyOf(header);
        this.columns = columns.clone();
        this.rows = rows;
        long weight = 64;
        for (Column column : columns) {
            weight += 64 + 2L * column.name().length() + column.weightBytes();
        }
        this.weightBytes = weight;
    }

    /**
     * Decodes a cached object. RFC 4180: fields may be quoted, with commas, doubled quotes and line
     * breaks inside; lines may end in CRLF or LF; a UTF-8 BOM and blank lines are skipped. The
     * first record names the columns (names are stripped of surrounding blanks). A file of 4 MiB or
     * more decodes in chunks on every core ({@link io.memrun.sdk.ParallelDecode}), with the same
     * result; each chunk as soon as its bytes are in, for an object still arriving
     * ({@link io.memrun.sdk.WorkerRequestContext#getOrFetchStreaming}).
     *
     * @param file the object, read through its local {@link CachedObject#path() path}
     * @return the table
     * @throws io.memrun.sdk.HandlerException 400 if the file has no header row, a record has a
     *     different number of fields than the header, or a quoted field is malformed; the message
     *     names the object and the line
     * @throws IOException if the file cannot be read
     */
    public static CsvTable decode(CachedObject file) throws IOException {
        return CsvDecoder.decode(file);
    }

    /**
     * Decodes a local CSV file, as {@link #decode(CachedObject)} does.
     *
     * @param file the file
     * @return the table
     * @throws IOException if the file cannot be read
     */
    public static CsvTable decode(Path file) throws IOException {
        return CsvDecoder.decode(file, file.toString());
    }

    /** The column names, in file order; queries on a repeated name use its first column. */
    public List<String> header() {
        return header;
    }

    /** The number of data rows (the header excluded). */
    public int rows() {
        return rows;
    }

    /**
     * Whether a column holds only numbers (and empty cells).
     *
     * @param column a column name
     * @return true if every non-empty value parsed as a number (so sum, avg, min and max apply)
     * @throws IllegalArgumentException if there is no such column
     */
    public boolean isNumeric(String column) {
        int index = indexOf(column);
        if (index < 0) {
            throw new IllegalArgumentException("no column '" + column + "'; columns are " + header);
        }
        return columns[index].numeric();
    }

    /** Approximate heap bytes of the decoded columns, counted against the worker's memory. */
    @Override
    public long weightBytes() {
        return weightBytes;
    }

    /** The index of the first column named {@code name}, or -1. */
    int indexOf(String name) {
        return header.indexOf(name);
    }

    Column column(int index) {
        return columns[index];
    }

    @Override
    public String toString() {
        return "CsvTable[" + rows + " rows, columns=" + header + ", ~" + (weightBytes >> 10) + " KiB]";
    }
}
