package io.memrun.examples.analytics;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Joins the column builders of a file's chunks, in file order, into the columns one decoder reading
 * the whole file would have built. A column is numeric if it is numeric in every chunk. A textual
 * column's dictionary lists values in the order that decoder meets them: the values from the
 * column's first text onwards in file order, then the re-read numbers before it.
 *
 * <p>Used in two steps around the re-reading: {@link #settleTypes} makes a column textual in every
 * chunk if it is textual in one (so the chunks where it held numbers re-read them), {@link #merge}
 * joins the chunks afterwards.
 */
final class ColumnMerger {
    private ColumnMerger() {
    }

    /** Makes each column that is textual in some chunk textual in all of them. */
    static void settleTypes(List<CsvChunk> chunks, int columns) {
        for (int c = 0; c < columns; c++) {
            if (firstTextualChunk(chunks, c) >= 0) {
                for (CsvChunk chunk : chunks) {
                    chunk.builder(c).toText(chunk.rows());
                }
            }
        }
    }

    /**
     * The columns, once {@link #settleTypes} ran and the chunks re-read their rows.
     *
     * @throws io.memrun.sdk.HandlerException 400 if the chunks hold more rows than a column can
     */
    static Column[] merge(List<CsvChunk> chunks, int columns) {
        return merge(chunks, columns, new long[chunks.size()]);
    }

    /**
     * As {@link #merge(List, int)}, for chunks that counted their lines from 0: chunk {@code k}'s
     * lines are {@code lineBases[k]} further on in the file.
     */
    static Column[] merge(List<CsvChunk> chunks, int columns, long[] lineBases) {
        long total = 0;
        int[] rowOffsets = new int[chunks.size()];
        for (int k = 0; k < chunks.size(); k++) {
            rowOffsets[k] = (int) total;
            total += chunks.get(k).rows();
            if (total > ColumnBuilder.MAX_ROWS) {
                throw ColumnBuilder.tooManyRows();
            }
        }
        int rows = (int) total;
        // Columns merge independently: one per core at a time (the common pool plus this thread).
        return IntStream.range(0, columns).parallel().mapToObj(c -> {
            int first = firstTextualChunk(chunks, c);
            return first < 0 ? numeric(chunks, c, rows, rowOffsets)
                    : textual(chunks, c, rows, rowOffsets, first, lineBases[first]);
        }).toArray(Column[]::new);
    }

    private static Column numeric(List<CsvChunk> chunks, int c, int rows, int[] rowOffsets) {
        double[] numbers = new double[rows];
        boolean integral = true;
        for (int k = 0; k < chunks.size(); k++) {
            ColumnBuilder part = chunks.get(k).builder(c);
            System.arraycopy(part.numbers(), 0, numbers, rowOffsets[k], chunks.get(k).rows());
            integral &= part.integral();
        }
        return new Column(chunks.get(0).builder(c).name(), numbers, null, null, integral, -1, 0, 16 + 8L * rows);
    }

    /**
     * A textual column whose first text is in chunk {@code first}. That chunk's dictionary starts the
     * merged one, so its codes stay; every other dictionary is added in the order one decoder would
     * meet its values, and its codes are translated.
     */
    private static Column textual(List<CsvChunk> chunks, int c, int rows, int[] rowOffsets, int first, long lineBase) {
        int n = chunks.size();
        ColumnBuilder start = chunks.get(first).builder(c);
        TextDictionary dictionary = start.dictionary();
        int[][] main = new int[n][]; // per chunk: its dictionary's codes in the merged one (null: the same)
        int[][] reread = new int[n][]; // per chunk: the same for its re-read rows
        for (int k = first + 1; k < n; k++) {
            ColumnBuilder part = chunks.get(k).builder(c);
            reread[k] = dictionary.addAll(part.backfilled()); // its rows before its own first text
            main[k] = dictionary.addAll(part.dictionary());
        }
        for (int k = 0; k <= first; k++) {
            ColumnBuilder part = chunks.get(k).builder(c);
            if (k < first) {
                main[k] = dictionary.addAll(part.dictionary()); // only the empty value
            }
            reread[k] = dictionary.addAll(part.backfilled());
        }
        int[] codes = new int[rows];
        for (int k = 0; k < n; k++) {
            ColumnBuilder part = chunks.get(k).builder(c);
            int[] local = part.codes();
            int offset = rowOffsets[k];
            int backfillRows = part.backfillRows();
            for (int row = 0; row < backfillRows; row++) {
                codes[offset + row] = reread[k][local[row]];
            }
            int chunkRows = chunks.get(k).rows();
            if (main[k] == null) {
                System.arraycopy(local, backfillRows, codes, offset + backfillRows, chunkRows - backfillRows);
            } else {
                for (int row = backfillRows; row < chunkRows; row++) {
                    codes[offset + row] = main[k][local[row]];
                }
            }
        }
        return new Column(start.name(), null, codes, dictionary.values(), false,
                rowOffsets[first] + start.firstTextRow() + 1, lineBase + start.firstTextLine(),
                32 + 4L * rows + dictionary.heapBytes());
    }

    private static int firstTextualChunk(List<CsvChunk> chunks, int c) {
        for (int k = 0; k < chunks.size(); k++) {
            if (chunks.get(k).builder(c).firstTextRow() >= 0) {
                return k;
            }
        }
        return -1;
    }
}
