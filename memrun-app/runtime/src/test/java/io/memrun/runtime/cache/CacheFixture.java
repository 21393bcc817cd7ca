package io.memrun.runtime.cache;

import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.runtime.testing.SharedInfra;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * What the cache tests share: the real embedded object store (one client per JVM), a counting
 * store over it, a fake clock and scheduler per cache, and objects with known contents.
 */
final class CacheFixture {
    static final String BUCKET = "cache-test";
    private static ObjectStore store;

    final CountingStore counting = new CountingStore(store());
    final AtomicLong clock = new AtomicLong(1_000);
    final FakeScheduler scheduler = new FakeScheduler();

    static synchronized ObjectStore store() {
        if (store == null) {
            store = SharedInfra.get().objectStore();
            try {
                store.ensureBucket(BUCKET);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return store;
    }

    /** Deterministic contents for a key, different for every key and offset. */
    static byte[] bytes(String key, int size) {
        byte[] b = new byte[size];
        int seed = key.hashCode();
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + seed + (i >>> 8));
        }
        return b;
    }

    /** Uploads {@link #bytes} for {@code key} and returns its URI. */
    static ObjectUri put(String key, int size) throws IOException {
        ObjectUri uri = new ObjectUri(BUCKET, key);
        store().upload(uri, bytes(key, size));
        return uri;
    }

    /** Acquires and releases {@code uri}; whether it was a hit. */
    static boolean hit(DiskCache cache, ObjectUri uri) throws IOException {
        try (CacheLease lease = cache.acquire(uri)) {
            return lease.hit();
        }
    }

    static Path newDir() {
        return SharedInfra.get().newDir("cache");
    }

    /** A builder with the fake clock and scheduler and no other defaults changed. */
    DiskCacheBuilder builder(Path dir) {
        return DiskCache.builder(dir, counting).clock(clock::get).scheduler(scheduler);
    }

    DiskCache open(Path dir, long maxBytes, int maxItems) throws IOException {
        return builder(dir).maxSizeBytes(maxBytes).maxItems(maxItems).open();
    }

    /** Everything in the cache's temp directory (in-progress downloads). */
    static long tempFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("tmp"))) {
            return s.count();
        }
    }

    /** Files ending in {@code suffix} in the cache directory. */
    static long files(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).count();
        }
    }
}
