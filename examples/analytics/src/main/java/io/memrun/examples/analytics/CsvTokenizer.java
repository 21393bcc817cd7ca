package io.memrun.examples.analytics;

import io.memrun.sdk.HandlerException;
import java.io.Closeable;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Splits an RFC 4180 CSV file into fields, one {@link #next()} per field, streaming it through a
 * buffer of up to 1 MiB. Works on raw bytes: every delimiter is ASCII and cannot occur inside a
 * UTF-8 multi-byte sequence, so numbers are parsed without ever becoming strings. Accepts CRLF or
 * LF line endings, a missing final newline and a leading UTF-8 BOM; skips blank lines. Reads a
 * whole file, or one chunk of one that starts where a record does (for decoding chunks in parallel).
 * An unquoted field's end is found 8 bytes at a time (SWAR: one {@code long} compared against each
 * delimiter at once).
 */
final class CsvTokenizer implements Closeable {
    /** {@link #next()}: a field that more fields of the same record follow. */
    static final int FIELD = 0;
    /** {@link #next()}: the last field of a record. */
    static final int RECORD = 1;
    /** {@link #next()}: no more records; the field is empty. */
    static final int EOF = 2;

    private static final int BUFFER_BYTES = 1 << 20;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGHS = 0x8080_8080_8080_8080L;
    private static final long COMMAS = ONES * ',';
    private static final long LFS = ONES * '\n';
    private static final long CRS = ONES * '\r';

    private final ReadableByteChannel in;
    private final String source;
    private final byte[] buf;
    private final ByteBuffer window;
    private int pos;
    private int limit;
    /** The offset in the input of {@code buf[0]}. */
    private long bufferStart;
    /** Holds a field that is not one contiguous run of the buffer (it spans a refill or had a {@code ""}). */
    private byte[] scratch = new byte[256];
    private byte[] field = scratch;
    private int fieldOffset;
    private int fieldLength;
    private long line = 1;
    private long recordLine = 1;
    private boolean atRecordStart = true;
    private boolean endedInQuotes;

    /**
     * Reads a whole file.
     *
     * @param file the CSV file
     * @param source names the file in error messages
     */
    CsvTokenizer(Path file, String source) throws IOException {
        this(FileChannel.open(file, StandardOpenOption.READ), source, 1, BUFFER_BYTES);
        while (limit < 3 && read()) {
            // A short first read could split the BOM; top the buffer up before checking for it.
        }
        if (limit >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF) {
            pos = 3;
        }
    }

    /**
     * Reads a chunk of a file that starts where a record does.
     *
     * @param chunk the chunk's bytes, from its position to its limit; consumed
     * @param source names the file in error messages
     * @param firstLine the file line the chunk starts on
     */
    CsvTokenizer(ByteBuffer chunk, String source, long firstLine) throws IOException {
        this(new BufferChannel(chunk), source, firstLine, Math.clamp(chunk.remaining(), 64, BUFFER_BYTES));
    }

    private CsvTokenizer(ReadableByteChannel in, String source, long firstLine, int bufferBytes) throws IOException {
        this.in = in;
        this.buf = new byte[bufferBytes];
        this.window = ByteBuffer.wrap(buf);
        this.source = source;
        this.line = firstLine;
        this.recordLine = firstLine;
        fill();
    }

    /** Reads the next field into {@link #field()}; returns {@link #FIELD}, {@link #RECORD} or {@link #EOF}. */
    int next() throws IOException {
        field = scratch;
        fieldOffset = 0;
        fieldLength = 0;
        if (atRecordStart) {
            if (!skipBlankLines()) {
                return EOF;
            }
            recordLine = line;
            atRecordStart = false;
        } else if (pos == limit && !fill()) {
            atRecordStart = true; // the file ended right after a comma: one last, empty field
            return RECORD;
        }
        if (buf[pos] == '"') {
            pos++;
            return quoted();
        }
        return unquoted();
    }

    /**
     * The array holding the current field, from {@link #fieldOffset()} for {@link #fieldLength()}
     * bytes, valid until the next call. Usually the read buffer itself, so fields cost no copy.
     */
    byte[] field() {
        return field;
    }

    int fieldOffset() {
        return fieldOffset;
    }

    int fieldLength() {
        return fieldLength;
    }

    /** The line on which the current record starts (1-based, counting the header). */
    long recordLine() {
        return recordLine;
    }

    /** The line the tokenizer is on: after a record, the line after its end. */
    long line() {
        return line;
    }

    /** The offset in the input of the next byte to read: after a record, where the next one starts. */
    long position() {
        return bufferStart + pos;
    }

    /** Whether reading stopped because the input ended inside a quoted field. */
    boolean endedInQuotes() {
        return endedInQuotes;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private int unquoted() throws IOException {
        while (true) {
            byte[] b = buf;
            int end = limit;
            int p = delimiter(b, pos, end);
            take(pos, p - pos);
            if (p < end) {
                pos = p + 1;
                if (b[p] == ',') {
                    return FIELD;
                }
                endLine(b[p]);
                return RECORD;
            }
            pos = p;
            if (!fill()) {
                atRecordStart = true;
                return RECORD;
            }
        }
    }

    /** The index of the first {@code ,}, {@code \n} or {@code \r} in {@code b[from, end)}, or {@code end}. */
    private static int delimiter(byte[] b, int from, int end) {
        int p = from;
        for (; p <= end - 8; p += 8) {
            long word = (long) LONGS.get(b, p);
            long hits = zeroBytes(word ^ COMMAS) | zeroBytes(word ^ LFS) | zeroBytes(word ^ CRS);
            if (hits != 0) {
                return p + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
        }
        for (; p < end; p++) {
            byte c = b[p];
            if (c == ',' || c == '\n' || c == '\r') {
                break;
            }
        }
        return p;
    }

    /**
     * The high bit of each zero byte of {@code word}, and possibly of bytes above the lowest zero one
     * (a borrow carries on): the lowest bit set is exact, which is all a scan for the first needs.
     */
    private static long zeroBytes(long word) {
        return (word - ONES) & ~word & HIGHS;
    }

    private int quoted() throws IOException {
        long startLine = line;
        while (true) {
            if (pos == limit && !fill()) {
                endedInQuotes = true;
                throw bad(startLine, "a quoted field is never closed: end it with a '\"' and double any '\"' inside it");
            }
            byte[] b = buf;
            int p = pos;
            int end = limit;
            while (p < end && b[p] != '"') {
                if (b[p] == '\n') {
                    line++;
                }
                p++;
            }
            take(pos, p - pos);
            pos = p;
            if (p == end) {
                continue;
            }
            pos++; // the quote
            if (pos == limit && !fill()) {
                atRecordStart = true;
                return RECORD;
            }
            byte c = buf[pos];
            if (c == '"') {
                take(pos++, 1); // a doubled quote stands for one: keep the second
            } else if (c == ',') {
                pos++;
                return FIELD;
            } else if (c == '\n' || c == '\r') {
                pos++;
                endLine(c);
                return RECORD;
            } else {
                throw bad(line, "unexpected text after a closing quote: quote the whole field and double any '\"' inside it");
            }
        }
    }

    /** Skips empty lines before a record; false at the end of the file. */
    private boolean skipBlankLines() throws IOException {
        while (true) {
            if (pos == limit && !fill()) {
                return false;
            }
            byte c = buf[pos];
            if (c != '\n' && c != '\r') {
                return true;
            }
            pos++;
            endLine(c);
        }
    }

    private void endLine(byte c) throws IOException {
        line++;
        atRecordStart = true;
        if (c == '\r' && (pos < limit || fill()) && buf[pos] == '\n') {
            pos++;
        }
    }

    /** Adds {@code buf[from, from + length)} to the field, pointing into the buffer while it is contiguous. */
    private void take(int from, int length) {
        if (fieldLength == 0) {
            field = buf;
            fieldOffset = from;
            fieldLength = length;
        } else if (field == buf && from == fieldOffset + fieldLength) {
            fieldLength += length;
        } else {
            detach();
            if (fieldLength + length > scratch.length) {
                scratch = Arrays.copyOf(scratch, Math.max(scratch.length * 2, fieldLength + length));
            }
            System.arraycopy(buf, from, scratch, fieldLength, length);
            field = scratch;
            fieldLength += length;
        }
    }

    /** Moves a field that points into the buffer to scratch, before the buffer changes. */
    private void detach() {
        if (field == buf) {
            if (fieldLength > scratch.length) {
                scratch = Arrays.copyOf(scratch, Math.max(scratch.length * 2, fieldLength));
            }
            System.arraycopy(buf, fieldOffset, scratch, 0, fieldLength);
            field = scratch;
            fieldOffset = 0;
        }
    }

    /** Replaces the buffer with the next chunk of the file; false at its end. */
    private boolean fill() throws IOException {
        detach();
        bufferStart += limit;
        pos = 0;
        limit = 0;
        return read();
    }

    /** Appends the next chunk of the file to the buffer; false at its end or if the buffer is full. */
    private boolean read() throws IOException {
        window.limit(buf.length).position(limit);
        int n = 0;
        while (n == 0 && window.hasRemaining()) {
            n = in.read(window);
        }
        if (n <= 0) {
            return false;
        }
        limit += n;
        return true;
    }

    private HandlerException bad(long atLine, String problem) {
        return HandlerException.badRequest(source + " is not valid CSV: line " + atLine + ": " + problem);
    }

    /** A buffer read as a channel, so that a chunk streams through {@link #buf} as a file does. */
    private static final class BufferChannel implements ReadableByteChannel {
        private final ByteBuffer source;

        BufferChannel(ByteBuffer source) {
            this.source = source;
        }

        @Override
        public int read(ByteBuffer target) {
            if (!source.hasRemaining()) {
                return -1;
            }
            int n = Math.min(target.remaining(), source.remaining());
            target.put(source.slice(source.position(), n));
            source.position(source.position() + n);
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
