package io.memrun.examples.analytics;

import io.memrun.sdk.ParallelDecode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts the data rows of a CSV file into chunks that start where records do, and finds the line each
 * starts on, so that chunks decode independently. A newline ends a record unless it is inside a
 * quoted field, which no local look can tell; but every {@code "} opens or closes quoting (a
 * doubled one does both), so the parity of the quotes before an offset says whether it is inside
 * one. One parallel pass counts quotes and newlines in even chunks; from their prefix sums, each
 * cut moves forward to just after the first newline outside quotes.
 *
 * <p>Parity assumes quotes appear only as RFC 4180 puts them; a stray one ({@code 12"} in an
 * unquoted field, which the tokenizer keeps as text) misplaces cuts and lines. The decoder detects
 * that from the chunks it decodes, so the cuts are a guess it checks, never trusted.
 */
final class CsvSplitter {
    private static final int SCAN_BLOCK = 64 << 10;
    private static final long QUOTES = 0x0101010101010101L * '"';
    private static final long NEWLINES = 0x0101010101010101L * '\n';

    /**
     * Chunks of a file's data rows.
     *
     * @param bounds chunk {@code i} is {@code [bounds[i], bounds[i + 1])}; each non-empty but
     *     possibly the only one
     * @param firstLines the file line chunk {@code i} starts on
     * @param endLine the line after the file's last newline
     */
    record Split(long[] bounds, long[] firstLines, long endLine) {
        /** About how many rows chunk {@code i} holds: its newlines, plus one for a last line without one. */
        int rowsHint(int i) {
            return (int) Math.min(Integer.MAX_VALUE - 8, (i + 1 < firstLines.length ? firstLines[i + 1] : endLine)
                    - firstLines[i] + 1);
        }
    }

    private record Counts(long quotes, long newlines) {
    }

    private CsvSplitter() {
    }

    /**
     * Splits {@code [dataStart, size)} into chunks of about {@code chunkBytes}.
     *
     * @param file the CSV file
     * @param dataStart where the first record after the header starts
     * @param dataLine the line it starts on
     * @param chunkBytes the chunk length to aim at, under 2 GiB
     * @param parallelism the most threads counting at once
     */
    static Split split(Path file, long dataStart, long dataLine, long chunkBytes, int parallelism)
            throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long[] even = ParallelDecode.evenBounds(dataStart, size, chunkBytes);
            List<Counts> counts = ParallelDecode.decode(file, even, parallelism, (chunk, index) -> count(chunk));
            long[] bounds = new long[even.length];
            long[] firstLines = new long[even.length - 1];
            bounds[0] = dataStart;
            firstLines[0] = dataLine;
            int chunks = 1;
            long quotes = 0;
            long newlines = 0;
            for (int i = 1; i < even.length - 1; i++) {
                quotes += counts.get(i - 1).quotes();
                newlines += counts.get(i - 1).newlines();
                long[] cut = nextRecord(channel, even[i], quotes % 2 == 1);
                if (cut[0] > bounds[chunks - 1] && cut[0] < size) {
                    bounds[chunks] = cut[0];
                    firstLines[chunks] = dataLine + newlines + cut[1];
                    chunks++;
                }
            }
            bounds[chunks] = size;
            long endLine = dataLine + counts.stream().mapToLong(Counts::newlines).sum();
            return new Split(Arrays.copyOf(bounds, chunks + 1), Arrays.copyOf(firstLines, chunks), endLine);
        }
    }

    /** Counts a chunk's quotes and newlines, eight bytes at a time. */
    private static Counts count(ByteBuffer chunk) {
        chunk.order(ByteOrder.LITTLE_ENDIAN);
        long quotes = 0;
        long newlines = 0;
        int i = 0;
        for (int end = chunk.limit() - 7; i < end; i += 8) {
            long word = chunk.getLong(i);
            quotes += Long.bitCount(zeroBytes(word ^ QUOTES));
            newlines += Long.bitCount(zeroBytes(word ^ NEWLINES));
        }
        for (; i < chunk.limit(); i++) {
            byte b = chunk.get(i);
            quotes += b == '"' ? 1 : 0;
            newlines += b == '\n' ? 1 : 0;
        }
        return new Counts(quotes, newlines);
    }

    /** The high bit of each byte of {@code word} that is zero, and no other bit. */
    private static long zeroBytes(long word) {
        long low7 = 0x7F7F7F7F7F7F7F7FL;
        return ~(((word & low7) + low7) | word | low7);
    }

    /**
     * The offset just after the first newline outside quotes at or after {@code from}, and the
     * newlines before it from {@code from}; the file's size if there is none.
     */
    private static long[] nextRecord(FileChannel channel, long from, boolean inQuotes) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(SCAN_BLOCK);
        long offset = from;
        long newlines = 0;
        while (true) {
            block.clear();
            int n = channel.read(block, offset);
            if (n <= 0) {
                return new long[] {offset, newlines};
            }
            for (int i = 0; i < n; i++) {
                byte b = block.get(i);
                if (b == '"') {
                    inQuotes = !inQuotes;
                } else if (b == '\n') {
                    newlines++;
                    if (!inQuotes) {
                        return new long[] {offset + i + 1, newlines};
                    }
                }
            }
            offset += n;
        }
    }
}
