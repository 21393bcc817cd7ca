package io.memrun.runtime.cache;

import static io.memrun.runtime.cache.CacheFixture.bytes;
import static io.memrun.runtime.cache.CacheFixture.files;
import static io.memrun.runtime.cache.CacheFixture.hit;
import static io.memrun.runtime.cache.CacheFixture.newDir;
import static io.memrun.runtime.cache.CacheFixture.put;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.sdk.CacheConfig;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LRU by count and bytes, expiry, the sweep, and readers that eviction must not disturb. */
class DiskCacheEvictionTest {
    private final CacheFixture fx = new CacheFixture();

    @Test
    void acquire_overMaxItems_evictsLeastRecentlyUsed() throws Exception {
        ObjectUri a = put("lru/a", 100);
        ObjectUri b = put("lru/b", 100);
        ObjectUri c = put("lru/c", 100);
        try (DiskCache cache = fx.open(newDir(), 1 << 20, 2)) {
            cache.acquire(a).close();
            cache.acquire(b).close();
            cache.acquire(a).close(); // a is now more recent than b
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
    void acquire_overMaxSizeBytes_evictsLeastRecentlyUsedUntilTheBytesFit() throws Exception {
        ObjectUri a = put("bytes/a", 400);
        ObjectUri b = put("bytes/b", 400);
        ObjectUri c = put("bytes/c", 400);
        Path dir = newDir();
        try (DiskCache cache = fx.open(dir, 1000, 100)) {
            cache.acquire(a).close();
            cache.acquire(b).close();
            cache.acquire(a).close();
            cache.acquire(c).close();
            assertEquals(800, cache.stats().bytesOnDisk());
            assertEquals(2, files(dir, ".obj"));
            assertTrue(hit(cache, a));
            assertFalse(hit(cache, b));
        }
    }

    @Test
    void acquire_evictionUnderAReader_doesNotBreakTheReader() throws Exception {
        ObjectUri held = put("reader/held", 64 * 1024);
        byte[] expected = bytes("reader/held", 64 * 1024);
        Path dir = newDir();
        try (DiskCache cache = fx.open(dir, 100_000, 1)) {
            CacheLease lease = cache.acquire(held);
            ByteBuffer mapped = lease.map();
            try (InputStream in = lease.open()) {
                byte[] firstHalf = in.readNBytes(32 * 1024);
                for (int i = 0; i < 5; i++) { // each would evict the held object if it could
                    cache.acquire(put("reader/other" + i, 50_000)).close();
                }
                assertTrue(Files.exists(lease.path()));
                byte[] rest = in.readAllBytes();
                assertArrayEquals(expected, concat(firstHalf, rest));
            }
            assertArrayEquals(expected, Files.readAllBytes(lease.path()));
            assertEquals(ByteBuffer.wrap(expected), mapped);
            lease.close();
            assertEquals(1, cache.stats().items());
            assertTrue(cache.stats().bytesOnDisk() <= 100_000);
        }
    }

    @Test
    void acquire_pinnedEntriesFillTheBudget_runsOverUntilTheyAreReleased() throws Exception {
        ObjectUri a = put("over/a", 600);
        ObjectUri b = put("over/b", 600);
        try (DiskCache cache = fx.open(newDir(), 1000, 100)) {
            CacheLease la = cache.acquire(a);
            CacheLease lb = cache.acquire(b);
            assertEquals(1200, cache.stats().bytesOnDisk());
            assertTrue(Files.exists(la.path()) && Files.exists(lb.path()));
            la.close();
            assertEquals(600, cache.stats().bytesOnDisk(), "released and over budget: evicted at once");
            assertFalse(Files.exists(la.path()));
            assertArrayEquals(bytes("over/b", 600), Files.readAllBytes(lb.path()));
            lb.close();
        }
    }

    @Test
    void acquire_expiredEntry_isRefetched() throws Exception {
        ObjectUri uri = put("ttl/a", 1000);
        try (DiskCache cache = fx.builder(newDir()).ttl(Duration.ofSeconds(60)).open()) {
            cache.acquire(uri).close();
            fx.clock.addAndGet(59_999);
            assertTrue(hit(cache, uri));
            fx.clock.addAndGet(1);
            try (CacheLease lease = cache.acquire(uri)) {
                assertFalse(lease.hit(), "60 s after the fetch the entry has expired, however recently used");
                assertArrayEquals(bytes("ttl/a", 1000), Files.readAllBytes(lease.path()));
            }
            assertEquals(2, fx.counting.gets(uri));
            assertEquals(1, cache.stats().evictions());
        }
    }

    @Test
    void cleanUp_expiredEntries_areRemovedWithoutARequest() throws Exception {
        ObjectUri a = put("sweep/a", 100);
        ObjectUri b = put("sweep/b", 100);
        Path dir = newDir();
        try (DiskCache cache = fx.builder(dir).ttl(Duration.ofMinutes(5)).open()) {
            cache.acquire(a).close();
            fx.clock.addAndGet(Duration.ofMinutes(3).toMillis());
            cache.acquire(b).close();
            fx.clock.addAndGet(Duration.ofMinutes(2).toMillis());
            fx.scheduler.tick();
            assertEquals(1, cache.stats().items(), "a expired, b has 3 minutes left");
            assertEquals(1, files(dir, ".obj"));
            assertEquals(1, files(dir, ".meta"));
            fx.clock.addAndGet(Duration.ofMinutes(3).toMillis());
            fx.scheduler.tick();
            assertEquals(0, cache.stats().items());
            assertEquals(0, files(dir, ".obj"));
            assertEquals(2, cache.stats().evictions());
        }
    }

    @Test
    void cleanUp_expiredEntryBeingRead_isDeletedWhenItsReaderLeaves() throws Exception {
        ObjectUri uri = put("sweep/read", 5000);
        try (DiskCache cache = fx.builder(newDir()).ttl(Duration.ofSeconds(10)).open()) {
            CacheLease lease = cache.acquire(uri);
            fx.clock.addAndGet(10_000);
            fx.scheduler.tick();
            assertEquals(0, cache.stats().items());
            assertArrayEquals(bytes("sweep/read", 5000), Files.readAllBytes(lease.path()));
            lease.close();
            assertFalse(Files.exists(lease.path()));
        }
    }

    @Test
    void acquire_refetchWhileTheOldCopyIsRead_leavesTheReadersFileAlone() throws Exception {
        ObjectUri uri = put("refetch/x", 3000);
        try (DiskCache cache = fx.builder(newDir()).ttl(Duration.ofSeconds(1)).open()) {
            CacheLease old = cache.acquire(uri);
            fx.clock.addAndGet(1000);
            put("refetch/x", 4000); // a new version in the store
            try (CacheLease fresh = cache.acquire(uri)) {
                assertNotEquals(old.path(), fresh.path());
                assertEquals(4000, Files.size(fresh.path()));
                assertArrayEquals(bytes("refetch/x", 3000), Files.readAllBytes(old.path()));
            }
            old.close();
            assertFalse(Files.exists(old.path()));
        }
    }

    @Test
    void cleanUp_orphanFiles_areDeletedAndOtherFilesLeftAlone() throws Exception {
        ObjectUri uri = put("orphan/live", 100);
        Path dir = newDir();
        try (DiskCache cache = fx.open(dir, 1 << 20, 100)) {
            cache.acquire(uri).close();
            String orphan = CacheKeys.newBaseName("s3://cache-test/nobody");
            Files.write(dir.resolve(orphan + ".obj"), new byte[10]);
            Files.write(dir.resolve(orphan + ".meta"), new byte[3]);
            Files.writeString(dir.resolve("notes.txt"), "not ours");
            fx.scheduler.tick();
            assertFalse(Files.exists(dir.resolve(orphan + ".obj")));
            assertFalse(Files.exists(dir.resolve(orphan + ".meta")));
            assertTrue(Files.exists(dir.resolve("notes.txt")));
            assertTrue(hit(cache, uri));
        }
    }

    @Test
    void open_withCacheConfig_schedulesTheSweepAtItsIntervalAndAppliesItsTtl() throws Exception {
        ObjectUri uri = put("config/a", 100);
        CacheConfig config = CacheConfig.builder().maxItems(5).ttlSeconds(30).cleanupIntervalSeconds(7).build();
        DiskCache cache = fx.builder(newDir()).config(config).open();
        try (cache) {
            assertEquals(List.of(Duration.ofSeconds(7)), fx.scheduler.intervals());
            cache.acquire(uri).close();
            fx.clock.addAndGet(30_000);
            fx.scheduler.tick();
            assertEquals(0, cache.stats().items());
        }
        assertEquals(0, fx.scheduler.live(), "close cancels the sweep");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
