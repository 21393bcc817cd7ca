package io.memrun.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.memrun.runtime.cache.CacheLease;
import io.memrun.runtime.cache.CacheStats;
import io.memrun.runtime.cache.CleanupScheduler;
import io.memrun.runtime.cache.DiskCache;
import io.memrun.runtime.cache.DiskCacheBuilder;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectUri;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How close the cold path is to the hardware: the object store's own bandwidth for the dataset
 * (one plain GET, and parallel ranged GETs like the cache's fetcher, each into a local file), and
 * {@code n} concurrent requests for one cold key, which must cause one download and one decode
 * and take little longer than a single cold request.
 */
final class ColdPathBench {
    /**
     * @param singleGetMBps one GET into a file, MB/s (best of the tries)
     * @param rangedGetMBps parallel ranged GETs into a preallocated file, MB/s (best of the tries)
     * @param cacheFetchMBps a cold {@code acquire} of an empty disk cache, MB/s (best of the tries): the
     *     cache's own download, checks and install, with nothing else running (in a request that
     *     decodes while the bytes arrive, the decode competes with it for the cores)
     * @param concurrent how many concurrent requests were sent for one cold key
     * @param concurrentSlowestMs the slowest of them, client round trip
     * @param downloads how many downloads of the object they caused
     * @param decodes how many decodes (memory-store loads) they caused
     */
    record Result(double singleGetMBps, double rangedGetMBps, double cacheFetchMBps, int concurrent,
                  double concurrentSlowestMs,
                  long downloads, long decodes) {
        @JsonProperty
        double storeMBps() {
            return Math.max(singleGetMBps, rangedGetMBps);
        }
    }

    private ColdPathBench() {
    }

    static Result run(BenchInfra infra, OneWorkerPlatform p, AnalyticsWorkload w, int concurrent, int tries)
            throws Exception {
        double single = 0;
        double ranged = 0;
        double cacheFetch = 0;
        try (ObjectStore store = infra.objectStore()) {
            ObjectUri uri = ObjectUri.parse(w.uri());
            Path file = infra.dir().resolve("bandwidth.tmp");
            try {
                for (int i = 0; i < tries; i++) {
                    Files.deleteIfExists(file);
                    long t0 = System.nanoTime();
                    store.download(uri, file);
                    single = Math.max(single, mbps(w.bytes(), t0));
                    Files.deleteIfExists(file);
                    t0 = System.nanoTime();
                    rangedGet(store, uri, w.bytes(), file);
                    ranged = Math.max(ranged, mbps(w.bytes(), t0));
                    Files.deleteIfExists(file);
                    cacheFetch = Math.max(cacheFetch, cacheFetch(store, uri, w.bytes(), infra.dir().resolve("fetch-" + i)));
                }
            } finally {
                Files.deleteIfExists(file);
            }
        }
        p.startCold();
        CacheStats before = p.stats();
        double slowest = 0;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Invocation>> replies = new ArrayList<>();
            for (int i = 0; i < concurrent; i++) {
                replies.add(pool.submit(() -> p.invokeOk(w.request())));
            }
            for (Future<Invocation> f : replies) {
                slowest = Math.max(slowest, f.get().ms());
            }
        }
        CacheStats after = p.stats();
        long downloads = Math.round((double) (after.bytesFetched() - before.bytesFetched()) / w.bytes());
        return new Result(single, ranged, cacheFetch, concurrent, slowest, downloads, after.memoryMisses() - before.memoryMisses());
    }

    /** The cache fetcher's access pattern: 16 MiB ranges, 8 at a time, positional writes into one file. */
    private static void rangedGet(ObjectStore store, ObjectUri uri, long size, Path file) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
        long part = DiskCacheBuilder.DEFAULT_PART_SIZE;
        AtomicLong next = new AtomicLong();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Object>> workers = new ArrayList<>();
            for (int i = 0; i < DiskCacheBuilder.DEFAULT_PARALLELISM; i++) {
                workers.add(pool.submit(() -> {
                    long off;
                    while ((off = next.getAndAdd(part)) < size) {
                        store.downloadRange(uri, off, Math.min(part, size - off), file, off);
                    }
                    return null;
                }));
            }
            for (Future<Object> f : workers) {
                f.get();
            }
        }
    }

    /** A cold acquire into a new disk cache with the default part size and parallelism, MB/s. */
    private static double cacheFetch(ObjectStore store, ObjectUri uri, long bytes, Path dir) throws Exception {
        try (DiskCache cache = DiskCache.builder(dir, store).maxSizeBytes(2 * bytes + (64L << 20))
                .scheduler(CleanupScheduler.NEVER).open()) {
            System.gc();
            long t0 = System.nanoTime();
            try (CacheLease lease = cache.acquire(uri)) {
                return mbps(lease.size(), t0);
            }
        } finally {
            BenchFiles.deleteTree(dir);
        }
    }

    private static double mbps(long bytes, long startNanos) {
        return bytes / 1e6 / ((System.nanoTime() - startNanos) / 1e9);
    }

    static String describe(Result r) {
        return String.format(Locale.ROOT, "store: one GET %.0f MB/s, %d ranged GETs at once %.0f MB/s",
                r.singleGetMBps(), DiskCacheBuilder.DEFAULT_PARALLELISM, r.rangedGetMBps());
    }
}
