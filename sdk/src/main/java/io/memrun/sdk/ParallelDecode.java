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
     * Decodes the chunks of a cached object on {@link #defaultParallelism()} threads.
     *
     * @param file the object, read through its local {@link CachedObject#path() path}
     * @param bounds the chunk boundaries: non-decreasing offsets within the object, chunk {@code i}
     *     being {@code [bounds[i], bounds[i + 1])}; at least two, each chunk under 2 GiB
     * @param decoder decodes one chunk
     * @return one result per chunk, in chunk order
     * @throws IOException if the file cannot be read, or as a decoder throws it
     */
    public static <T> List<T> decode(CachedObject file, long[] bounds, ChunkDecoder<T> decoder) throws IOException {
        return decode(file.path(), bounds, defaultParallelism(), decoder);
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
        Objects.requireNonNull(decoder, "decoder");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            checkBounds(bounds, channel.size());
            int chunks = bounds.length - 1;
            int threads = Math.min(parallelism, chunks);
            if (threads == 1) {
                List<T> results = new ArrayList<>(chunks);
                for (int i = 0; i < chunks; i++) {
                    results.add(decoder.decode(map(channel, bounds, i), i));
                }
                return results;
            }
            return decodeOnPool(channel, bounds, threads, decoder);
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

    private static <T> List<T> decodeOnPool(FileChannel channel, long[] bounds, int threads, ChunkDecoder<T> decoder)
            throws IOException {
        int chunks = bounds.length - 1;
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
        ExecutorCompletionService<T> done = new ExecutorCompletionService<>(pool);
        List<Future<T>> futures = new ArrayList<>(chunks);
        try {
            for (int i = 0; i < chunks; i++) {
                int index = i;
                futures.add(done.submit(() -> decoder.decode(map(channel, bounds, index), index)));
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
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while decoding chunks");
        } finally {
            // On failure: skip the chunks not started, let the running ones finish (no interrupt, which
            // would close the shared channel under them), so that no decoder outlives the call.
            futures.forEach(f -> f.cancel(false));
            pool.shutdown();
            awaitQuietly(pool);
        }
    }

    private static ByteBuffer map(FileChannel channel, long[] bounds, int index) throws IOException {
        long start = bounds[index];
        return channel.map(FileChannel.MapMode.READ_ONLY, start, bounds[index + 1] - start);
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
