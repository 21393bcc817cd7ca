package io.memrun.examples.analytics;

import io.memrun.sdk.CachedObject;
import io.memrun.sdk.HandlerException;
import io.memrun.sdk.ParallelDecode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a CSV file with a header row into a {@link CsvTable}. A small file is read on one thread,
 * in one pass plus a partial one if a column needs its early rows re-read as text. A larger one is
 * decoded in chunks on every core and merged in order ({@link ColumnMerger}); the result is the same
 * table, errors included.
 *
 * <p>A cached object ({@link #decode(CachedObject)}) is cut at the first newline after each even
 * offset ({@link ParallelDecode#decodeRecords}), so that each chunk decodes as soon as its bytes
 * arrive, while the object still downloads. That cut guesses that the newline ends a record; the
 * chunks check it: a chunk cut inside a quoted field leaves the one before it inside quotes, which
 * fails it. Any failure (the cut was wrong, or the file has an error, whose line is only known
 * from the start) sends the whole file down the careful path instead: cuts found from the parity of
 * the quotes before them ({@link CsvSplitter}), and if the chunks show those misplaced too (stray
 * quotes fool the splitter), one thread.
 */
final class CsvDecoder {
    /** Files with less data than this are read on one thread: splitting would cost more than it saves. */
    static final long PARALLEL_MIN_BYTES = 4 << 20;
    /** Chunks per thread, so that a slow chunk does not leave the other cores idle at the end. */
    private static final int CHUNKS_PER_THREAD = 4;
    private static final long MIN_CHUNK_BYTES = 1 << 20;
    private static final long MAX_CHUNK_BYTES = 256 << 20;
    /**
     * The longest chunk when cutting at newlines, as the bytes arrive: a chunk decodes only once all
     * its bytes are in, so the last ones decode after the download ends; short chunks keep that tail
     * short. Every chunk costs its dictionaries' merge, so not shorter still.
     */
    private static final long MAX_ARRIVING_CHUNK_BYTES = 32 << 20;

    private CsvDecoder() {
    }

    /** Where the header must end for the chunks to be cut straight away; longer headers take the careful path. */
    private static final int HEAD_BYTES = 1 << 20;

    /**
     * Decodes a cached object, possibly while its bytes still arrive: small files on one thread,
     * larger ones in chunks cut at newlines, or if that fails, as {@link #decode(Path, String)} does.
     */
    static CsvTable decode(CachedObject file) throws IOException {
        int parallelism = ParallelDecode.defaultParallelism();
        long size = file.size();
        if (parallelism > 1 && size >= PARALLEL_MIN_BYTES) {
            long chunkBytes = Math.min(chunkBytes(size, 2 * parallelism), MAX_ARRIVING_CHUNK_BYTES);
            CsvTable table = decodeAtNewlines(file, parallelism, chunkBytes);
            if (table != null) {
                return table;
            }
        }
        return decode(file.path(), file.uri());
    }

    /**
     * Decodes chunks cut at the first newline after every {@code chunkBytes}, each as its bytes are
     * in; {@code null} if a chunk failed, so the file needs the careful path.
     */
    static CsvTable decodeAtNewlines(CachedObject file, int parallelism, long chunkBytes) throws IOException {
        String source = file.uri();
        Head head = readHead(file, source);
        if (head == null) {
            return null;
        }
        int rowsHint = head.rowsHint(chunkBytes);
        List<Decoded> decoded = ParallelDecode.decodeRecords(file, head.dataStart(), chunkBytes, (byte) '\n',
                parallelism, (bytes, index) -> {
                    ByteBuffer mine = bytes.duplicate();
                    // Lines count from 0 in every chunk: where a chunk starts in the file is known only later.
                    CsvChunk chunk = new CsvChunk(head.header(), 0, rowsHint);
                    CsvTokenizer csv = new CsvTokenizer(bytes, source, 0);
                    try {
                        chunk.read(csv, source);
                    } catch (HandlerException e) {
                        chunk.fail(e, csv.endedInQuotes());
                    }
                    return new Decoded(chunk, mine);
                });
        List<CsvChunk> chunks = new ArrayList<>(decoded.size());
        long[] lineBases = new long[decoded.size()];
        long line = head.dataLine();
        for (int k = 0; k < decoded.size(); k++) {
            CsvChunk chunk = decoded.get(k).chunk();
            if (chunk.failure() != null) {
                return null;
            }
            chunks.add(chunk);
            lineBases[k] = line;
            line += chunk.endLine();
        }
        ColumnMerger.settleTypes(chunks, head.header().size());
        if (chunks.stream().anyMatch(chunk -> chunk.backfillRows() > 0)) {
            for (Decoded d : decoded) {
                if (d.chunk().backfillRows() > 0) {
                    d.chunk().backfill(new CsvTokenizer(d.bytes(), source, 0));
                }
            }
        }
        Column[] columns = ColumnMerger.merge(chunks, head.header().size(), lineBases);
        return new CsvTable(head.header(), columns, chunks.stream().mapToInt(CsvChunk::rows).sum());
    }

    /** A chunk decoded at newlines, with its bytes for re-reading. */
    private record Decoded(CsvChunk chunk, ByteBuffer bytes) {
    }

    /**
     * The header row, where the data starts, and how long a record is on average in the rows after
     * the header (0 if none are in sight).
     */
    private record Head(List<String> header, long dataStart, long dataLine, double recordBytes) {
        /**
         * About how many rows a chunk of {@code chunkBytes} holds, a little over; at most
         * {@value #MAX_ROWS_HINT}, since the sample may be unlike the rest (short leading rows would
         * make every column of every chunk allocate many times what it needs), and columns grow.
         */
        int rowsHint(long chunkBytes) {
            return recordBytes <= 0 ? 0 : (int) Math.min(MAX_ROWS_HINT, chunkBytes / recordBytes * 1.05 + 64);
        }

        static final int MAX_ROWS_HINT = 1 << 20;
    }

    /** The header, read from the object's first bytes; {@code null} if it does not end within them. */
    private static Head readHead(CachedObject file, String source) throws IOException {
        long size = file.size();
        ByteBuffer head = file.map(0, Math.min(size, HEAD_BYTES));
        int bom = head.limit() >= 3 && head.get(0) == (byte) 0xEF && head.get(1) == (byte) 0xBB
                && head.get(2) == (byte) 0xBF ? 3 : 0;
        int sampled = head.limit() - bom;
        CsvTokenizer csv = new CsvTokenizer(head.position(bom).slice(), source, 1);
        List<String> header;
        try {
            header = readHeader(csv, source);
        } catch (HandlerException e) {
            if (head.limit() < size) {
                return null; // perhaps only cut off here: let the careful path read it
            }
            throw e;
        }
        long dataStart = bom + csv.position();
        if (dataStart >= head.limit() && head.limit() < size) {
            return null; // the header runs past the bytes looked at (or exactly to their end)
        }
        long dataLine = csv.line();
        long rows = 0;
        long sampleEnd = dataStart;
        try {
            for (int kind; rows < 1000 && (kind = csv.next()) != CsvTokenizer.EOF; ) {
                if (kind == CsvTokenizer.RECORD) {
                    rows++;
                    sampleEnd = bom + csv.position();
                }
            }
        } catch (HandlerException e) {
            // a quoted field cut off at the end of the sample, or an error the chunks will meet too
        }
        return new Head(header, dataStart, dataLine, rows == 0 ? 0 : (double) (sampleEnd - dataStart) / rows);
    }

    /** About {@value #CHUNKS_PER_THREAD} chunks per thread. */
    private static long chunkBytes(long size, int threads) {
        return Math.clamp(size / (CHUNKS_PER_THREAD * threads), MIN_CHUNK_BYTES, MAX_CHUNK_BYTES);
    }

    static CsvTable decode(Path file, String source) throws IOException {
        int parallelism = ParallelDecode.defaultParallelism();
        long size = Files.size(file);
        if (parallelism == 1 || size < PARALLEL_MIN_BYTES) {
            return decodeSequential(file, source);
        }
        return decodeParallel(file, source, parallelism, chunkBytes(size, parallelism));
    }

    /** Decodes on the calling thread, as one chunk. */
    static CsvTable decodeSequential(Path file, String source) throws IOException {
        List<String> header;
        CsvChunk chunk;
        try (CsvTokenizer csv = new CsvTokenizer(file, source)) {
            header = readHeader(csv, source);
            chunk = new CsvChunk(header, csv.line(), 0);
            chunk.read(csv, source);
        }
        if (chunk.backfillRows() > 0) {
            try (CsvTokenizer csv = new CsvTokenizer(file, source)) {
                readHeader(csv, source);
                chunk.backfill(csv);
            }
        }
        return table(header, List.of(chunk));
    }

    /**
     * Decodes chunks of about {@code chunkBytes} on up to {@code parallelism} threads, whatever the
     * file's size.
     */
    static CsvTable decodeParallel(Path file, String source, int parallelism, long chunkBytes) throws IOException {
        List<String> header;
        long dataStart;
        long dataLine;
        try (CsvTokenizer csv = new CsvTokenizer(file, source)) {
            header = readHeader(csv, source);
            dataStart = csv.position();
            dataLine = csv.line();
        }
        CsvSplitter.Split split = CsvSplitter.split(file, dataStart, dataLine, chunkBytes, parallelism);
        List<CsvChunk> chunks = ParallelDecode.decode(file, split.bounds(), parallelism, (bytes, index) -> {
            CsvChunk chunk = new CsvChunk(header, split.firstLines()[index], split.rowsHint(index));
            CsvTokenizer csv = new CsvTokenizer(bytes, source, chunk.firstLine());
            try {
                chunk.read(csv, source);
            } catch (HandlerException e) {
                if (index == 0 && !csv.endedInQuotes()) {
                    throw e; // the first chunk starts where the records do, so this error is the file's
                }
                chunk.fail(e, csv.endedInQuotes());
            }
            return chunk;
        });
        if (!linedUp(chunks)) {
            return decodeSequential(file, source);
        }
        ColumnMerger.settleTypes(chunks, header.size());
        if (chunks.stream().anyMatch(chunk -> chunk.backfillRows() > 0)) {
            ParallelDecode.decode(file, split.bounds(), parallelism, (bytes, index) -> {
                CsvChunk chunk = chunks.get(index);
                if (chunk.backfillRows() > 0) {
                    chunk.backfill(new CsvTokenizer(bytes, source, chunk.firstLine()));
                }
                return null;
            });
        }
        return table(header, chunks);
    }

    /**
     * Whether each chunk ended exactly where the next one starts: at a record's start, on the line the
     * splitter expected. By induction from the first chunk, which starts where the records do, a
     * chunk whose predecessors all lined up read what one decoder would have read, so its failure is
     * the file's, and thrown; unless it ran off its end inside a quoted field that may close in the
     * next chunk.
     *
     * @throws HandlerException the file's first error
     */
    private static boolean linedUp(List<CsvChunk> chunks) {
        for (int k = 0; k < chunks.size(); k++) {
            CsvChunk chunk = chunks.get(k);
            if (k > 0 && chunk.firstLine() != chunks.get(k - 1).endLine()) {
                return false;
            }
            if (chunk.failure() != null) {
                if (chunk.endedInQuotes() && k < chunks.size() - 1) {
                    return false;
                }
                throw chunk.failure();
            }
        }
        return true;
    }

    private static CsvTable table(List<String> header, List<CsvChunk> chunks) {
        Column[] columns = ColumnMerger.merge(chunks, header.size());
        return new CsvTable(header, columns, chunks.stream().mapToInt(CsvChunk::rows).sum());
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
}
