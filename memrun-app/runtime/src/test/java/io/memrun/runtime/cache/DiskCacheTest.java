package io.memrun.runtime.cache;

import static io.memrun.runtime.cache.CacheFixture.bytes;
import static io.memrun.runtime.cache.CacheFixture.hit;
import static io.memrun.runtime.cache.CacheFixture.newDir;
import static io.memrun.runtime.cache.CacheFixture.put;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.runtime.objectstore.ObjectNotFoundException;
import io.memrun.runtime.objectstore.ObjectUri;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The disk cache's request path, against the real embedded object store. */
class DiskCacheTest {
    private final CacheFixture fx = new CacheFixture();

    @Test
    void acquire_missThenHit_downloadsOnceAndServesTheSameBytes() throws Exception {
        ObjectUri uri = put("a/one.bin", 10_000);
        Path dir = newDir();
        try (DiskCache cache = fx.open(dir, 1 << 20, 100)) {
            try (CacheLease first = cache.acquire(uri)) {
                assertFalse(first.hit());
                assertEquals(10_000, first.size());
                assertEquals(uri.toString(), first.uri());
            }
            try (CacheLease second = cache.acquire(uri); InputStream in = second.open()) {
                assertTrue(second.hit());
                assertTrue(second.path().startsWith(dir));
                assertArrayEquals(bytes("a/one.bin", 10_000), in.readAllBytes());
            }
            assertEquals(1, fx.counting.gets(uri));
            CacheStats s = cache.stats();
            assertEquals(1, s.hits());
            assertEquals(1, s.misses());
            assertEquals(10_000, s.bytesFetched());
            assertEquals(10_000, s.bytesOnDisk());
            assertEquals(1, s.items());
        }
    }

    @Test
    void acquire_32ConcurrentColdMisses_makeExactlyOneGet() throws Exception {
        ObjectUri uri = put("concurrent.bin", 4 << 20);
        try (DiskCache cache = fx.open(newDir(), 64 << 20, 100);
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ByteBuffer>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    try (CacheLease lease = cache.acquire(uri)) {
                        return lease.map();
                    }
                }));
            }
            go.countDown();
            ByteBuffer expected = ByteBuffer.wrap(bytes("concurrent.bin", 4 << 20));
            for (Future<ByteBuffer> f : results) {
                assertEquals(expected, f.get());
            }
            assertEquals(1, fx.counting.gets(uri));
            assertEquals(32, cache.stats().hits() + cache.stats().misses());
            assertEquals(4 << 20, cache.stats().bytesFetched());
        }
    }

    @Test
    void acquire_objectOverPartSize_fetchesRangesInParallelIntoOneCorrectFile() throws Exception {
        int size = 5 * 64 * 1024 + 123;
        ObjectUri uri = put("ranged.bin", size);
        try (DiskCache cache = fx.builder(newDir()).partSize(64 * 1024).parallelism(3).open();
             CacheLease lease = cache.acquire(uri)) {
            assertEquals(6, fx.counting.gets(uri)); // the first part, then five more
            assertEquals(ByteBuffer.wrap(bytes("ranged.bin", size)), lease.map());
        }
    }

    @Test
    void acquire_objectOverPartSize_recordsTheWholeFilesCrc_fromItsParts() throws Exception {
        int size = 7 * 64 * 1024 + 5;
        ObjectUri uri = put("ranged-crc.bin", size);
        Path dir = newDir();
        try (DiskCache cache = fx.builder(dir).partSize(64 * 1024).parallelism(4).open()) {
            cache.acquire(uri).close();
        }
        java.util.zip.CRC32C whole = new java.util.zip.CRC32C();
        whole.update(bytes("ranged-crc.bin", size));
        String index = Files.readString(dir.resolve("index.json"));
        assertTrue(index.contains("\"crc32c\":" + whole.getValue()), index);
        // A restart checks the file against it on first use: a wrong CRC would refetch (a miss).
        try (DiskCache cache = fx.builder(dir).partSize(64 * 1024).open()) {
            assertTrue(hit(cache, uri));
            assertEquals(7 + 1, fx.counting.gets(uri));
        }
    }

    @Test
    void acquire_storeWithoutRanges_fallsBackToOneWholeGet() throws Exception {
        ObjectUri uri = put("no-ranges.bin", 300_000);
        fx.counting.ranges = false;
        try (DiskCache cache = fx.builder(newDir()).partSize(64 * 1024).open();
             CacheLease lease = cache.acquire(uri)) {
            assertEquals(1, fx.counting.gets(uri));
            assertArrayEquals(bytes("no-ranges.bin", 300_000), Files.readAllBytes(lease.path()));
        }
    }

    @Test
    void acquire_emptyObject_isCachedAsAnEmptyFile() throws Exception {
        ObjectUri uri = put("empty", 0);
        try (DiskCache cache = fx.open(newDir(), 1 << 20, 100)) {
            cache.acquire(uri).close();
            try (CacheLease lease = cache.acquire(uri)) {
                assertTrue(lease.hit());
                assertEquals(0, Files.size(lease.path()));
                assertEquals(0, lease.map().remaining());
            }
        }
    }

    @Test
    void map_cachedObject_isReadOnly() throws Exception {
        ObjectUri uri = put("readonly.bin", 1000);
        try (DiskCache cache = fx.open(newDir(), 1 << 20, 100); CacheLease lease = cache.acquire(uri)) {
            ByteBuffer buf = lease.map();
            assertTrue(buf.isReadOnly());
            assertThrows(ReadOnlyBufferException.class, () -> buf.put(0, (byte) 1));
        }
    }

    @Test
    void open_afterLeaseClosed_throwsIllegalState() throws Exception {
        ObjectUri uri = put("closed-lease.bin", 10);
        try (DiskCache cache = fx.open(newDir(), 1 << 20, 100)) {
            CacheLease lease = cache.acquire(uri);
            lease.close();
            lease.close(); // idempotent
            assertThrows(IllegalStateException.class, lease::open);
            assertThrows(IllegalStateException.class, lease::map);
        }
    }

    @Test
    void acquire_truncatedCacheFile_isRefetchedNotServed() throws Exception {
        ObjectUri uri = put("truncate.bin", 50_000);
        try (DiskCache cache = fx.open(newDir(), 1 << 20, 100)) {
            Path file;
            try (CacheLease lease = cache.acquire(uri)) {
                file = lease.path();
            }
            Files.write(file, new byte[10]);
            try (CacheLease again = cache.acquire(uri)) {
                assertFalse(again.hit());
                assertArrayEquals(bytes("truncate.bin", 50_000), Files.readAllBytes(again.path()));
            }
            assertEquals(2, fx.counting.gets(uri));
            assertEquals(1, cache.stats().items());
            assertEquals(50_000, cache.stats().bytesOnDisk());
        }
    }

    @Test
    void acquire_fileRewrittenInPlaceWhileRunning_isNeverServedAndIsFetchedAgain() throws Exception {
        ObjectUri uri = put("a/rewritten.bin", 4096);
        try (DiskCache cache = fx.open(newDir(), 1 << 20, 100)) {
            Path file;
            try (CacheLease first = cache.acquire(uri)) {
                file = first.path();
            }
            byte[] damaged = bytes("a/rewritten.bin", 4096);
            damaged[100] ^= 1; // same length, one bit off
            Files.write(file, damaged);
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(
                    Files.getLastModifiedTime(file).toInstant().plusSeconds(1)));
            try (CacheLease again = cache.acquire(uri)) {
                assertFalse(again.hit(), "the damaged copy is not a hit");
                assertArrayEquals(bytes("a/rewritten.bin", 4096), Files.readAllBytes(again.path()));
            }
            assertEquals(2, fx.counting.gets(uri));
            try (CacheLease third = cache.acquire(uri)) {
                assertTrue(third.hit(), "the fresh copy is served again without a check");
            }
        }
    }

    @Test
    void acquire_corruptedByteInTransit_failsAndCachesNothing() throws Exception {
        ObjectUri uri = put("flipped.bin", 20_000);
        Path dir = newDir();
        try (DiskCache cache = fx.open(dir, 1 << 20, 100)) {
            fx.counting.flipFirstByte = true;
            IOException e = assertThrows(IOException.class, () -> cache.acquire(uri));
            assertTrue(e.getMessage().contains("MD5"), e.getMessage());
            assertEquals(0, cache.stats().items());
            assertEquals(0, CacheFixture.tempFiles(dir));
            fx.counting.flipFirstByte = false;
            try (CacheLease lease = cache.acquire(uri)) {
                assertArrayEquals(bytes("flipped.bin", 20_000), Files.readAllBytes(lease.path()));
            }
        }
    }

    @Test
    void acquire_objectLargerThanCache_failsWithClearMessageAndEvictsNothing() throws Exception {
        ObjectUri small = put("small-before-big.bin", 500);
        ObjectUri big = put("too-big.bin", 5000);
        Path dir = newDir();
        try (DiskCache cache = fx.open(dir, 1000, 100)) {
            cache.acquire(small).close();
            ObjectTooLargeException e = assertThrows(ObjectTooLargeException.class, () -> cache.acquire(big));
            assertTrue(e.getMessage().contains("larger than the whole cache"), e.getMessage());
            assertEquals(5000, e.size());
            assertEquals(1, cache.stats().items());
            assertEquals(0, cache.stats().evictions());
            assertEquals(0, CacheFixture.tempFiles(dir));
        }
    }

    @Test
    void acquire_missingObject_throwsNotFoundAndCachesNothing() throws Exception {
        try (DiskCache cache = fx.open(newDir(), 1000, 100)) {
            ObjectUri absent = new ObjectUri(CacheFixture.BUCKET, "absent");
            assertThrows(ObjectNotFoundException.class, () -> cache.acquire(absent));
            assertEquals(0, cache.stats().items());
            assertThrows(ObjectNotFoundException.class, () -> cache.acquire(absent)); // failures are not cached
        }
    }

    @Test
    void acquire_oddButLegalKeys_eachGetsItsOwnFileInsideTheCacheDir() throws Exception {
        List<String> keys = List.of("with space/ünïcödé/€", "a//b", "trailing.", String.join("/", java.util.Collections.nCopies(100, "segment-09")).substring(0, 1000), "%2e%2e/%2F",
                "q?x=1&y=#frag", "C:\\windows\\path");
        Path dir = newDir();
        try (DiskCache cache = fx.open(dir, 1 << 20, 100)) {
            for (String key : keys) {
                ObjectUri uri = put(key, 100 + key.length());
                try (CacheLease lease = cache.acquire(uri)) {
                    assertEquals(dir, lease.path().normalize().getParent());
                    assertArrayEquals(bytes(key, 100 + key.length()), Files.readAllBytes(lease.path()));
                }
            }
            assertEquals(keys.size(), cache.stats().items());
        }
    }

    @Test
    void acquire_pathTraversalKeys_cannotEvenBeAddressed() {
        // ObjectUri refuses a leading '/' and '.' or '..' segments, so no such key reaches the cache; file
        // names are hashes anyway (CacheKeysTest checks containment for any string).
        for (String key : List.of("../../etc/passwd", "../../../../../../tmp/escaped", "..", "a/../../b", "/abs", "./x")) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new ObjectUri(CacheFixture.BUCKET, key));
            assertTrue(e.getMessage().contains("'.' or '..' segment"), e.getMessage());
        }
        assertFalse(Files.exists(Path.of("/tmp/escaped")));
    }

    @Test
    void acquire_afterClose_throwsIllegalState() throws Exception {
        DiskCache cache = fx.open(newDir(), 1000, 100);
        cache.close();
        assertThrows(IllegalStateException.class, () -> cache.acquire(new ObjectUri(CacheFixture.BUCKET, "k")));
    }
}
