package io.memrun.examples.analytics;

import io.memrun.sdk.DecodedForm;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A {@link CsvTable} kept on the worker's disk as columns, so a worker with an empty memory tier
 * (restarted, hot-reloaded, or handed the partition) copies the columns back at memory speed
 * instead of parsing the CSV again. Layout (big-endian):
 *
 * <pre>
 * int rows, int columns
 * per column: name (int length, UTF-8), byte kind (0 numeric, 1 text), byte integral,
 *             int firstTextRow, long firstTextLine, long weightBytes, then
 *   numeric:  rows doubles
 *   text:     int values, each (int length, UTF-8), then rows int codes
 * </pre>
 */
final class ColumnsForm implements DecodedForm<CsvTable> {
    static final ColumnsForm INSTANCE = new ColumnsForm();
    private static final int CHUNK = 8192;

    private ColumnsForm() {
    }

    @Override
    public String name() {
        return "csv-columns-v1";
    }

    @Override
    public CsvTable decode(io.memrun.sdk.CachedObject source) throws IOException {
        return CsvTable.decode(source);
    }

    @Override
    public void write(CsvTable table, OutputStream os) throws IOException {
        DataOutputStream out = new DataOutputStream(os);
        out.writeInt(table.rows());
        out.writeInt(table.header().size());
        byte[] chunk = new byte[CHUNK * Double.BYTES];
        for (int c = 0; c < table.header().size(); c++) {
            Column col = table.column(c);
            text(out, col.name());
            out.writeByte(col.numeric() ? 0 : 1);
            out.writeByte(col.integral() ? 1 : 0);
            out.writeInt(col.firstTextRow());
            out.writeLong(col.firstTextLine());
            out.writeLong(col.weightBytes());
            if (col.numeric()) {
                double[] v = col.numbers();
                for (int i = 0; i < v.length; i += CHUNK) {
                    int n = Math.min(CHUNK, v.length - i);
                    ByteBuffer.wrap(chunk).asDoubleBuffer().put(v, i, n);
                    out.write(chunk, 0, n * Double.BYTES);
                }
            } else {
                out.writeInt(col.dictionary().length);
                for (String value : col.dictionary()) {
                    text(out, value);
                }
                int[] codes = col.codes();
                for (int i = 0; i < codes.length; i += CHUNK) {
                    int n = Math.min(CHUNK, codes.length - i);
                    ByteBuffer.wrap(chunk).asIntBuffer().put(codes, i, n);
                    out.write(chunk, 0, n * Integer.BYTES);
                }
            }
        }
        out.flush();
    }

    /**
     * {@inheritDoc} One pass reads the column headers and dictionaries and notes where each column's
     * values start; the values (the bulk) are then copied into the heap, and text codes checked
     * against their dictionary, one column per core at a time.
     */
    @Override
    public CsvTable read(ByteBuffer in) throws IOException {
        try {
            int rows = in.getInt();
            int count = in.getInt();
            List<String> header = new ArrayList<>(count);
            Stored[] stored = new Stored[count];
            for (int c = 0; c < count; c++) {
                String name = text(in);
                boolean numeric = in.get() == 0;
                boolean integral = in.get() == 1;
                int firstTextRow = in.getInt();
                long firstTextLine = in.getLong();
                long weight = in.getLong();
                header.add(name);
                String[] dictionary = null;
                if (!numeric) {
                    dictionary = new String[in.getInt()];
                    for (int i = 0; i < dictionary.length; i++) {
                        dictionary[i] = text(in);
                    }
                }
                int width = numeric ? Double.BYTES : Integer.BYTES;
                stored[c] = new Stored(name, integral, firstTextRow, firstTextLine, weight, dictionary, in.position());
                in.position(Math.addExact(in.position(), Math.multiplyExact(rows, width)));
            }
            if (in.hasRemaining()) {
                throw new IOException(in.remaining() + " bytes after the last column");
            }
            Column[] columns = new Column[count];
            IntStream.range(0, count).parallel().forEach(c -> columns[c] = stored[c].column(in, rows));
            for (Column column : columns) {
                if (column == null) {
                    throw new IOException("a column has a code outside its dictionary");
                }
            }
            return new CsvTable(header, columns, rows);
        } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException
                 | NegativeArraySizeException | ArithmeticException e) {
            throw new IOException("not a " + name() + " layout: " + e, e);
        }
    }

    /** A column's header as stored, and where its values start. */
    private record Stored(String name, boolean integral, int firstTextRow, long firstTextLine, long weight,
                          String[] dictionary, int valuesAt) {
        /** The column with its values copied out of {@code in}; {@code null} if a code is outside the dictionary. */
        Column column(ByteBuffer in, int rows) {
            if (dictionary == null) {
                double[] numbers = new double[rows];
                in.slice(valuesAt, rows * Double.BYTES).order(in.order()).asDoubleBuffer().get(numbers);
                return new Column(name, numbers, null, null, integral, firstTextRow, firstTextLine, weight);
            }
            int[] codes = new int[rows];
            in.slice(valuesAt, rows * Integer.BYTES).order(in.order()).asIntBuffer().get(codes);
            for (int code : codes) {
                if (code < 0 || code >= dictionary.length) {
                    return null;
                }
            }
            return new Column(name, null, codes, dictionary, integral, firstTextRow, firstTextLine, weight);
        }
    }

    private static void text(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String text(ByteBuffer in) {
        byte[] b = new byte[in.getInt()];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
