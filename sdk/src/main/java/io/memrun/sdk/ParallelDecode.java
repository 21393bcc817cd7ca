package io.memrun.sdk;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decodes a cached object in chunks on all cores: the handler says where the chunks begin and how
 * to decode one, and gets the per-chunk results back in file order, to merge as it needs.
 *
 * <pre>{@code
 * long[] bounds = ParallelDecode.evenBounds(0, file.size(), 16 << 20); // or record boundaries
 * List<Part> parts = ParallelDecode.decode(file, bounds, (chunk, index) -> Part.parse(chunk));
 * }</pre>
 *
 * <p>Chunk {@code i} is the bytes {@code [bounds[i], bounds[i + 1])}, mapped read-only on its own,
 * so a file may be larger than 2 GiB as long as each chunk is smaller. Where records may not be cut
 * (lines, CSV rows), the bounds must fall on record boundaries: finding them is the handler's part,
 * often itself a cheap parallel pass over {@link #evenBounds even chunks} that this class runs too.
 *
 * <p>If a decoder throws, chunks not yet started are skipped, the call waits for the running ones
 * and then throws the first exception as it was thrown: a {@link HandlerException} reaches the
 * client unchanged. When the call returns, no decoder is running.
 */
public final class ParallelDecode {
    private static final AtomicInteger POOLS = new AtomicInteger();

    /**
     * Decodes one chunk. Called from several threads at once, one chunk per call.
     *
     * @param <T> the chunk's result
     */
    @FunctionalInterface
    public interface ChunkDecoder<T> {
        /**
         * @param chunk the chunk's bytes, read-only, from position 0 to its limit (the chunk's
         *     length), big-endian; mapped from the file, so valid after the call too
         * @param index the chunk's index, 0 for the first
         * @return the chunk's result; may be {@code null}
         * @throws IOException if the chunk cannot be read; it propagates as thrown
         */
        T decode(ByteBuffer chunk, int index) throws IOException;
    }

    private ParallelDecode() {
    }

    /**
     * Decodes the chunks of a cached object on {@link #defaultParallelism()} threads. Each chunk is
     * mapped with {@link CachedObject#map(long, long)}: for an object still arriving
     * ({@link WorkerRequestContext#getOrFetchStreaming}), a chunk decodes as soon as its own bytes
     * are in, while later ones download.
     *
     * @param file the object
     * @param bounds the chunk boundaries: non-decreasing offsets within the object, chunk {@code i}
     *     being {@code [bounds[i], bounds[i + 1])}; at least two, each chunk under 2 GiB
     * @param decoder decodes one chunk
     * @return one result per chunk, in chunk order
     * @throws IOException if the object cannot be read, or as a decoder throws it
     */
    public static <T> List<T> decode(CachedObject file, long[] bounds, ChunkDecoder<T> decoder) throws IOException {
        return decode(file, bounds, defaultParallelism(), decoder);
    }

    /**
     * Decodes the chunks of a cached object on up to {@code parallelism} threads, as
     * {@link #decode(CachedObject, long[], ChunkDecoder)} does.
     *
     * @param file the object
     * @param bounds the chunk boundaries
     * @param parallelism the most chunks decoded at once, at least 1
     * @param decoder decodes one chunk
     * @return one result per chunk, in chunk order
     * @throws IOException if the object cannot be read, or as a decoder throws it
     */
    public static <T> List<T> decode(CachedObject file, long[] bounds, int parallelism, ChunkDecoder<T> decoder)
            throws IOException {
        checkArguments(decoder, parallelism);
        checkBounds(bounds, file.size());
        return run(bounds.length - 1, parallelism,
                index -> decoder.decode(file.map(bounds[index], bounds[index + 1] - bounds[index]), index));
    }

    /**
     * Decodes the records of a cached object in chunks on every core, cutting it where records end:
     * chunk {@code i} runs from just after the first {@code delimiter} at or after
     * {@code start + i * chunkBytes} (the first chunk from {@code start}) to where chunk {@code i + 1}
     * starts (the last to the end of the object). Each chunk finds its own cuts, reading ahead only
     * as far as the next delimiter, so with an object still arriving it decodes as soon as its bytes
     * are in. A chunk with no cut of its own (a record longer than {@code chunkBytes}) is empty.
     * Every byte is scanned for delimiters at most once, however few the delimiters.
     *
     * <p>The cut trusts every delimiter to end a record. Where one may sit inside a record (a quoted
     * newline in CSV), a chunk may start mid-record: the decoder must notice (for CSV, the chunk
     * before it then ends inside the quotes) and decode such a file another way.
     *
     * <pre>{@code
     * List<Part> parts = ParallelDecode.decodeRecords(file, headerEnd, 32 << 20, (byte) '\n',
     *         (chunk, index) -> Part.parseLines(chunk));
     * }</pre>
     *
     * @param file the object
     * @param start where the first record starts
     * @param chunkBytes how long a chunk is, about; positive, under 2 GiB
     * @param delimiter the byte that ends a record, e.g. {@code '\n'}
     * @param decoder decodes one chunk of whole records
     * @return one result per chunk, in file order
     * @throws IOException if the object cannot be read, or as a decoder throws it
     */
    public static <T> List<T> decodeRecords(CachedObject file, long start, long chunkBytes, byte delimiter,
                                            ChunkDecoder<T> decoder) throws IOException {
        return decodeRecords(file, start, chunkBytes, delimiter, defaultParallelism(), decoder);
    }

    /**
     * As {@link #decodeRecords(CachedObject, long, long, byte, ChunkDecoder)}, on up to
     * {@code parallelism} threads.
     */
    public static <T> List<T> decodeRecords(CachedObject file, long start, long chunkBytes, byte delimiter,
                                            int parallelism, ChunkDecoder<T> decoder) throws IOException {
        checkArguments(decoder, parallelism);
        long size = file.size();
        if (start < 0 || start > size) {
            throw new IllegalArgumentException("start must lie within the object's " + size + " bytes, was " + start);
        }
        RecordCuts cuts = new RecordCuts(file, delimiter, evenBounds(start, size, chunkBytes));
        return run(cuts.chunks(), parallelism, index -> {
            long from = cuts.start(index);
            long to = Math.max(from, cuts.end(index));
            if (to - from >= Integer.MAX_VALUE) {
                throw new IOException(file.uri() + ": a record runs from " + from + " to " + to
                        + ", over 2 GiB; no chunk can hold it");
            }
            return decoder.decode(file.map(from, to - from), index);
        });
    }

    /**
     * Decodes the chunks of a local file on up to {@code parallelism} threads; with one thread (or
     * one chunk) it decodes on the calling thread.
     *
     * @param file the file
     * @param bounds the chunk boundaries, as for {@link #decode(CachedObject, long[], ChunkDecoder)}
     * @param parallelism the most chunks decoded at once, at least 1
     * @param decoder decodes one chunk
     * @return one result per chunk, in chunk order
     * @throws IOException if the file cannot be read, or as a decoder throws it
     * @throws IllegalArgumentException if the bounds are out of order, outside the file or a chunk
     *     is 2 GiB or more
     */
    public static <T> List<T> decode(Path file, long[] bounds, int parallelism, ChunkDecoder<T> decoder)
            throws IOException {
        checkArguments(decoder, parallelism);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            checkBounds(bounds, channel.size());
            return run(bounds.length - 1, parallelism, index -> decoder.decode(map(channel, bounds, index), index));
        }
    }

    /**
     * Boundaries of chunks of {@code chunkBytes} bytes (the last one shorter) covering
     * {@code [start, end)}: {@code start, start + chunkBytes, ..., end}.
     *
     * @param start the first byte
     * @param end the end, exclusive, at least {@code start}
     * @param chunkBytes the chunk length, positive and under 2 GiB
     * @return the bounds, for {@link #decode(Path, long[], int, ChunkDecoder)}
     */
    public static long[] evenBounds(long start, long end, long chunkBytes) {
        if (start < 0 || end < start || chunkBytes <= 0 || chunkBytes >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("need 0 <= start <= end and 0 < chunkBytes < 2 GiB, got start="
                    + start + ", end=" + end + ", chunkBytes=" + chunkBytes);
        }
        int chunks = (int) Math.max(1, (end - start + chunkBytes - 1) / chunkBytes);
        long[] bounds = new long[chunks + 1];
        for (int i = 0; i < chunks; i++) {
            bounds[i] = start + i * chunkBytes;
        }
        bounds[chunks] = end;
        return bounds;
    }

    /** The number of threads {@link #decode(CachedObject, long[], ChunkDecoder)} uses: one per core. */
    public static int defaultParallelism() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** One chunk's work: map it and decode it. */
    @FunctionalInterface
    private interface Task<T> {
        T run(int index) throws IOException;
    }

    /** Runs {@code chunks} tasks on up to {@code parallelism} threads, in index order; on the caller if one. */
    private static <T> List<T> run(int chunks, int parallelism, Task<T> task) throws IOException {
        int threads = Math.min(parallelism, chunks);
        if (threads <= 1) {
            List<T> results = new ArrayList<>(chunks);
            for (int i = 0; i < chunks; i++) {
                results.add(task.run(i));
            }
            return results;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
        ExecutorCompletionService<T> done = new ExecutorCompletionService<>(pool);
        List<Future<T>> futures = new ArrayList<>(chunks);
        try {
            for (int i = 0; i < chunks; i++) {
                int index = i;
                futures.add(done.submit(() -> task.run(index)));
            }
            for (int i = 0; i < chunks; i++) {
                try {
                    done.take().get();
                } catch (ExecutionException e) {
                    throw rethrow(e.getCause());
                }
            }
            List<T> results = new ArrayList<>(chunks);
            for (Future<T> future : futures) {
                results.add(future.resultNow());
            }
            return results;
        } catch (InterruptedException e) {
            // The caller gives up (its request was cancelled): stop the decoders too, also those
            // waiting for bytes still arriving.
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while decoding chunks");
        } finally {
            // On a decoder's failure: skip the chunks not started, let the running ones finish (no
            // interrupt, which would close a shared channel under them and change which failure is
            // reported), so that no decoder outlives the call.
            futures.forEach(f -> f.cancel(false));
            pool.shutdown();
            awaitQuietly(pool);
        }
    }

    private static ByteBuffer map(FileChannel channel, long[] bounds, int index) throws IOException {
        long start = bounds[index];
        return channel.map(FileChannel.MapMode.READ_ONLY, start, bounds[index + 1] - start);
    }

    private static void checkArguments(ChunkDecoder<?> decoder, int parallelism) {
        Objects.requireNonNull(decoder, "decoder");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
    }

    private static void checkBounds(long[] bounds, long size) {
        if (bounds.length < 2) {
            throw new IllegalArgumentException("bounds need at least a start and an end, got " + Arrays.toString(bounds));
        }
        if (bounds[0] < 0 || bounds[bounds.length - 1] > size) {
            throw new IllegalArgumentException("bounds must lie within the file's " + size + " bytes, got "
                    + bounds[0] + " to " + bounds[bounds.length - 1]);
        }
        for (int i = 1; i < bounds.length; i++) {
            long length = bounds[i] - bounds[i - 1];
            if (length < 0 || length >= Integer.MAX_VALUE) {
                throw new IllegalArgumentException("chunk " + (i - 1) + " is [" + bounds[i - 1] + ", " + bounds[i]
                        + "): bounds must not decrease and a chunk must be under 2 GiB");
            }
        }
    }

    private static IOException rethrow(Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        throw new UncheckedIOException(new IOException("chunk decoder failed", cause));
    }

    private static void awaitQuietly(ExecutorService pool) {
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads() {
        int pool = POOLS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "memrun-decode-" + pool + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
