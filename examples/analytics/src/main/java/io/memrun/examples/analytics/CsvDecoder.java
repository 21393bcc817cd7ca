package io.memrun.examples.analytics;

import io.memrun.sdk.HandlerException;
import io.memrun.sdk.ParallelDecode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a CSV file with a header row into a {@link CsvTable}. A small file is read on one thread,
 * in one pass plus a partial one if a column needs its early rows re-read as text. A larger one is
 * cut into chunks at record boundaries ({@link CsvSplitter}) that decode on every core
 * ({@link ParallelDecode}) and are merged in order ({@link ColumnMerger}); the result is the same
 * table, errors included. If the chunks show that the cuts were misplaced (stray quotes fool the
 * splitter), the file is read again on one thread.
 */
final class CsvDecoder {
    /** Files with less data than this are read on one thread: splitting would cost more than it saves. */
    static final long PARALLEL_MIN_BYTES = 4 << 20;
    /** Chunks per thread, so that a slow chunk does not leave the other cores idle at the end. */
    private static final int CHUNKS_PER_THREAD = 4;
    private static final long MIN_CHUNK_BYTES = 1 << 20;
    private static final long MAX_CHUNK_BYTES = 256 << 20;

    private CsvDecoder() {
    }

    static CsvTable decode(Path file, String source) throws IOException {
        int parallelism = ParallelDecode.defaultParallelism();
        long size = Files.size(file);
        if (parallelism == 1 || size < PARALLEL_MIN_BYTES) {
            return decodeSequential(file, source);
        }
        long chunkBytes = Math.clamp(size / (CHUNKS_PER_THREAD * parallelism), MIN_CHUNK_BYTES, MAX_CHUNK_BYTES);
        return decodeParallel(file, source, parallelism, chunkBytes);
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
