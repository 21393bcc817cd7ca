package io.memrun.examples.analytics;

import io.memrun.sdk.HandlerException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a CSV file with a header row into a {@link CsvTable}: one pass, plus a partial one if needed. */
final class CsvDecoder {
    private CsvDecoder() {
    }

    static CsvTable decode(Path file, String source) throws IOException {
        List<String> header;
        ColumnBuilder[] builders;
        int rows = 0;
        try (CsvTokenizer csv = new CsvTokenizer(file, source)) {
            header = readHeader(csv, source);
            builders = new ColumnBuilder[header.size()];
            for (int c = 0; c < builders.length; c++) {
                builders[c] = new ColumnBuilder(header.get(c));
            }
            while (readRow(csv, builders, rows, source)) {
                rows++;
            }
        }
        backfill(file, source, builders);
        Column[] columns = new Column[builders.length];
        for (int c = 0; c < columns.length; c++) {
            columns[c] = builders[c].finish(rows);
        }
        return new CsvTable(header, columns, rows);
    }

    private static List<String> readHeader(CsvTokenizer csv, String source) throws IOException {
        List<String> header = new ArrayList<>();
        int kind = csv.next();
        if (kind == CsvTokenizer.EOF) {
            throw HandlerException.badRequest(source + " has no header row: the first line must name the columns,"
                    + " e.g. order_id,region,amount");
        }
        while (true) {
            header.add(new String(csv.field(), csv.fieldOffset(), csv.fieldLength(), StandardCharsets.UTF_8).strip());
            if (kind == CsvTokenizer.RECORD) {
                return header;
            }
            kind = csv.next();
        }
    }

    /** Reads one record into row {@code row} of the builders; false at the end of the file. */
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

    /** Re-reads the leading rows of columns that held numbers before turning textual. */
    private static void backfill(Path file, String source, ColumnBuilder[] builders) throws IOException {
        int until = 0;
        for (ColumnBuilder b : builders) {
            until = Math.max(until, b.backfillRows());
        }
        if (until == 0) {
            return;
        }
        try (CsvTokenizer csv = new CsvTokenizer(file, source)) {
            readHeader(csv, source);
            for (int row = 0; row < until; row++) {
                for (int c = 0; c < builders.length; c++) {
                    csv.next();
                    if (row < builders[c].backfillRows()) {
                        builders[c].backfill(row, csv.field(), csv.fieldOffset(), csv.fieldLength());
                    }
                }
            }
        }
    }
}
