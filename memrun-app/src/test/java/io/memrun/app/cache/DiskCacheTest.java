package io.memrun.app.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.app.objectstore.ObjectNotFoundException;
import io.memrun.app.objectstore.ObjectStore;
import io.memrun.app.objectstore.ObjectUri;
import io.memrun.app.testing.SharedInfra;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The disk cache against the real embedded object store. */
class DiskCacheTest {
    private static final String BUCKET = "cache-test";
    private static ObjectStore store;
    private static CountingStore counting;

    @BeforeAll
    static void start() throws Exception {
        store = SharedInfra.get().objectStore();
        store.ensureBucket(BUCKET);
        counting = new CountingStore(store);
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    private static ObjectUri put(String key, int size) throws IOException {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + key.hashCode());
        }
        ObjectUri uri = new ObjectUri(BUCKET, key);
        store.upload(uri, bytes);
        return uri;
    }

    private static DiskCache cache(Path dir, long maxBytes, int maxItems, AtomicLong clock) throws IOException {
        return new DiskCache(dir, maxBytes, maxItems, counting, clock::get);
    }

    @Test
    void acquire_missThenHit_downloadsOnceAndServesSameBytes() throws Exception {
        ObjectUri uri = put("a/one.bin", 10_000);
        Path dir = SharedInfra.get().newDir("cache");
        try (DiskCache cache = cache(dir, 1 << 20, 100, new AtomicLong())) {
            int before = counting.downloads(uri);
            try (CacheLease first = cache.acquire(uri)) {
                assertFalse(first.hit());
                assertEquals(10_000, first.size());
            }
            try (CacheLease second = cache.acquire(uri)) {
                assertTrue(second.hit());
                assertTrue(second.path().startsWith(dir));
                assertEquals(10_000, Files.size(second.path()));
            }
            assertEquals(before + 1, counting.downloads(uri));
            assertEquals(1, cache.stats().hits());
            assertEquals(1, cache.stats().misses());
        }
    }

    @Test
    void acquire_32ConcurrentColdMisses_downloadOnce() throws Exception {
        ObjectUri uri = put("concurrent.bin", 4 << 20);
        try (DiskCache cache = cache(SharedInfra.get().newDir("cache"), 64 << 20, 100, new AtomicLong());
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            int before = counting.downloads(uri);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    try (CacheLease lease = cache.acquire(uri)) {
                        return Files.size(lease.path());
                    }
                }));
            }
            go.countDown();
            for (Future<Long> f : results) {
                assertEquals(4L << 20, f.get());
            }
            assertEquals(before + 1, counting.downloads(uri));
        }
    }

    @Test
    void acquire_truncatedCacheFile_isRefetchedNotServed() throws Exception {
        ObjectUri uri = put("truncate.bin", 50_000);
        try (DiskCache cache = cache(SharedInfra.get().newDir("cache"), 1 << 20, 100, new AtomicLong())) {
            Path file;
            try (CacheLease lease = cache.acquire(uri)) {
                file = lease.path();
            }
            Files.write(file, new byte[10]);
            try (CacheLease again = cache.acquire(uri)) {
                assertFalse(again.hit());
                assertEquals(50_000, Files.size(again.path()));
            }
        }
    }

    @Test
    void acquire_overMaxItems_evictsLeastRecentlyUsed() throws Exception {
        AtomicLong clock = new AtomicLong();
        ObjectUri a = put("lru/a", 100);
        ObjectUri b = put("lru/b", 100);
        ObjectUri c = put("lru/c", 100);
        try (DiskCache cache = cache(SharedInfra.get().newDir("cache"), 1 << 20, 2, clock)) {
            clock.set(1);
            cache.acquire(a).close();
            clock.set(2);
            cache.acquire(b).close();
            clock.set(3);
            cache.acquire(a).close(); // a is now more recent than b
            clock.set(4);
            cache.acquire(c).close();
            assertEquals(2, cache.stats().items());
            assertEquals(1, cache.stats().evictions());
            try (CacheLease lease = cache.acquire(a)) {
                assertTrue(lease.hit(), "a was used recently and must survive");
            }
            try (CacheLease lease = cache.acquire(b)) {
                assertFalse(lease.hit(), "b was least recently used and must be gone");
            }
        }
    }

    @Test
    void acquire_overMaxBytes_neverEvictsALeasedObject() throws Exception {
        AtomicLong clock = new AtomicLong();
        ObjectUri a = put("bytes/a", 600);
        ObjectUri b = put("bytes/b", 600);
        try (DiskCache cache = cache(SharedInfra.get().newDir("cache"), 1000, 100, clock)) {
            try (CacheLease held = cache.acquire(a)) {
                clock.set(5);
                cache.acquire(b).close();
                assertTrue(Files.exists(held.path()), "a leased object stays on disk");
                assertArrayEquals(Files.readAllBytes(held.path()), Files.readAllBytes(held.path()));
            }
        }
    }

    @Test
    void acquire_objectLargerThanCache_failsWithClearMessage() throws Exception {
        ObjectUri big = put("too-big.bin", 5000);
        try (DiskCache cache = cache(SharedInfra.get().newDir("cache"), 1000, 100, new AtomicLong())) {
            IOException e = assertThrows(IOException.class, () -> cache.acquire(big));
            assertTrue(e.getMessage().contains("larger than the whole cache"), e.getMessage());
            assertEquals(0, cache.stats().items());
        }
    }

    @Test
    void acquire_missingObject_throwsNotFoundAndCachesNothing() throws Exception {
        try (DiskCache cache = cache(SharedInfra.get().newDir("cache"), 1000, 100, new AtomicLong())) {
            assertThrows(ObjectNotFoundException.class, () -> cache.acquire(new ObjectUri(BUCKET, "absent")));
            assertEquals(0, cache.stats().items());
        }
    }

    @Test
    void reopen_withIndex_recoversEntriesAsHits() throws Exception {
        ObjectUri uri = put("restart.bin", 1234);
        Path dir = SharedInfra.get().newDir("cache");
        try (DiskCache cache = cache(dir, 1 << 20, 100, new AtomicLong())) {
            cache.acquire(uri).close();
        }
        try (DiskCache reopened = cache(dir, 1 << 20, 100, new AtomicLong())) {
            assertEquals(1, reopened.stats().items());
            try (CacheLease lease = reopened.acquire(uri)) {
                assertTrue(lease.hit());
            }
        }
    }

    @Test
    void reopen_withGarbageIndex_startsAndStillServesCorrectBytes() throws Exception {
        ObjectUri uri = put("garbage.bin", 2048);
        Path dir = SharedInfra.get().newDir("cache");
        try (DiskCache cache = cache(dir, 1 << 20, 100, new AtomicLong())) {
            cache.acquire(uri).close();
        }
        Files.writeString(dir.resolve("index.json"), "{not json at all");
        try (DiskCache reopened = cache(dir, 1 << 20, 100, new AtomicLong());
             CacheLease lease = reopened.acquire(uri)) {
            assertEquals(2048, Files.size(lease.path()));
        }
    }

    @Test
    void fileName_pathTraversalUri_staysInsideCacheDir() throws Exception {
        Path dir = SharedInfra.get().newDir("cache");
        String name = CacheKeys.fileName("s3://b/../../etc/passwd");
        Path resolved = dir.resolve(name).normalize();
        assertTrue(resolved.startsWith(dir), resolved.toString());
        assertFalse(name.contains("/"));
        assertFalse(CacheKeys.fileName("s3://b/k1").equals(CacheKeys.fileName("s3://b/k2")));
    }

    /** Delegates to the real store and counts downloads per object (not a mock: every call goes to S3). */
    private static final class CountingStore implements ObjectStore {
        private final ObjectStore delegate;
        private final java.util.Map<String, AtomicInteger> downloads = new java.util.concurrent.ConcurrentHashMap<>();

        CountingStore(ObjectStore delegate) {
            this.delegate = delegate;
        }

        int downloads(ObjectUri uri) {
            return downloads.computeIfAbsent(uri.toString(), k -> new AtomicInteger()).get();
        }

        @Override
        public ObjectInfo head(ObjectUri uri) throws IOException {
            return delegate.head(uri);
        }

        @Override
        public ObjectInfo download(ObjectUri uri, Path target) throws IOException {
            downloads.computeIfAbsent(uri.toString(), k -> new AtomicInteger()).incrementAndGet();
            return delegate.download(uri, target);
        }

        @Override
        public void upload(ObjectUri uri, Path source) throws IOException {
            delegate.upload(uri, source);
        }

        @Override
        public void upload(ObjectUri uri, byte[] bytes) throws IOException {
            delegate.upload(uri, bytes);
        }

        @Override
        public void ensureBucket(String bucket) throws IOException {
            delegate.ensureBucket(bucket);
        }

        @Override
        public void ping() throws IOException {
            delegate.ping();
        }

        @Override
        public void close() {
        }
    }
}
