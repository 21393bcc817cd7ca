package io.memrun.runtime.cache;

import static io.memrun.runtime.cache.CacheFixture.bytes;
import static io.memrun.runtime.cache.CacheFixture.files;
import static io.memrun.runtime.cache.CacheFixture.hit;
import static io.memrun.runtime.cache.CacheFixture.newDir;
import static io.memrun.runtime.cache.CacheFixture.put;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.runtime.objectstore.ObjectUri;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a cache finds when it opens a directory a previous process used. */
class DiskCacheRecoveryTest {
    private final CacheFixture fx = new CacheFixture();

    /** Fetches the objects in order into a fresh directory, closes the cache and returns the directory. */
    private Path populated(List<ObjectUri> uris) throws Exception {
        Path dir = newDir();
        try (DiskCache cache = fx.open(dir, 1 << 20, 100)) {
            for (ObjectUri uri : uris) {
                fx.clock.incrementAndGet();
                cache.acquire(uri).close();
            }
        }
        return dir;
    }

    @Test
    void open_withIndex_recoversEntriesAsHitsWithoutAnyGet() throws Exception {
        ObjectUri uri = put("restart/a", 1234);
        Path dir = populated(List.of(uri));
        try (DiskCache reopened = fx.open(dir, 1 << 20, 100)) {
            assertEquals(1, reopened.stats().items());
            assertEquals(1234, reopened.stats().bytesOnDisk());
            try (CacheLease lease = reopened.acquire(uri)) {
                assertTrue(lease.hit());
                assertArrayEquals(bytes("restart/a", 1234), Files.readAllBytes(lease.path()));
            }
            assertEquals(1, fx.counting.gets(uri));
        }
    }

    @Test
    void open_withIndex_keepsTheLeastRecentlyUsedOrder() throws Exception {
        ObjectUri a = put("order/a", 10);
        ObjectUri b = put("order/b", 10);
        ObjectUri c = put("order/c", 10);
        Path dir = populated(List.of(a, b, c, a)); // b is now the least recently used
        try (DiskCache reopened = fx.open(dir, 1 << 20, 3)) {
            reopened.acquire(put("order/d", 10)).close();
            assertFalse(hit(reopened, b), "b must have been evicted, not a");
        }
    }

    @Test
    void open_withDeletedIndex_rebuildsFromTheSidecars() throws Exception {
        assertRebuiltAfter("deleted", dir -> Files.delete(dir.resolve("index.json")));
    }

    @Test
    void open_withTruncatedIndex_rebuildsFromTheSidecars() throws Exception {
        assertRebuiltAfter("truncated", dir -> {
            Path index = dir.resolve("index.json");
            byte[] json = Files.readAllBytes(index);
            Files.write(index, java.util.Arrays.copyOf(json, json.length / 2));
        });
    }

    @Test
    void open_withGarbageIndex_rebuildsFromTheSidecars() throws Exception {
        assertRebuiltAfter("garbage", dir -> Files.writeString(dir.resolve("index.json"), "{not json at all\u0000"));
    }

    @Test
    void open_withIndexOfAnotherFormat_rebuildsFromTheSidecars() throws Exception {
        assertRebuiltAfter("format", dir -> Files.writeString(dir.resolve("index.json"), "[{\"uri\":\"x\"}]"));
    }

    private void assertRebuiltAfter(String name, DirAction damage) throws Exception {
        ObjectUri a = put("damaged-index/" + name + "/a", 2048);
        ObjectUri b = put("damaged-index/" + name + "/b", 100);
        Path dir = populated(List.of(a, b));
        damage.apply(dir);
        try (DiskCache reopened = fx.open(dir, 1 << 20, 100)) {
            assertEquals(2, reopened.stats().items());
            try (CacheLease lease = reopened.acquire(a)) {
                assertTrue(lease.hit());
                assertArrayEquals(bytes("damaged-index/" + name + "/a", 2048), Files.readAllBytes(lease.path()));
            }
            assertTrue(hit(reopened, b));
            assertEquals(1, fx.counting.gets(a));
        }
        try (DiskCache again = fx.open(dir, 1 << 20, 100)) {
            assertEquals(2, again.stats().items(), "the rebuilt index was written on close");
        }
    }

    @Test
    void open_afterACrashBeforeTheIndexWasWritten_recoversLaterDownloadsAndRepairsTheIndex() throws Exception {
        ObjectUri a = put("crash/a", 500);
        ObjectUri b = put("crash/b", 700);
        Path dir = newDir();
        DiskCache crashed = fx.open(dir, 1 << 20, 100);
        crashed.acquire(a).close();
        crashed.persistIndex();
        crashed.acquire(b).close(); // never checkpointed, never closed: the process died here
        try (DiskCache reopened = fx.open(dir, 1 << 20, 100)) {
            reopened.persistIndex(); // the first checkpoint after a restart repairs the stale index
        }
        try (var s = Files.list(dir)) {
            s.filter(p -> p.toString().endsWith(".meta")).forEach(p -> p.toFile().delete());
        }
        try (DiskCache again = fx.open(dir, 1 << 20, 100)) {
            assertTrue(hit(again, a));
            assertTrue(hit(again, b), "b is in the index now, no longer only in its sidecar");
        }
    }

    @Test
    void open_fileWithFlippedByteButRightLength_isRefetchedOnFirstUse() throws Exception {
        ObjectUri uri = put("bitrot/a", 30_000);
        Path dir = populated(List.of(uri));
        Path obj;
        try (var s = Files.list(dir)) {
            obj = s.filter(p -> p.toString().endsWith(".obj")).findFirst().orElseThrow();
        }
        try (RandomAccessFile f = new RandomAccessFile(obj.toFile(), "rw")) {
            f.seek(12_345);
            f.write(f.readByte() ^ 0x01);
        }
        try (DiskCache reopened = fx.open(dir, 1 << 20, 100); CacheLease lease = reopened.acquire(uri)) {
            assertFalse(lease.hit());
            assertArrayEquals(bytes("bitrot/a", 30_000), Files.readAllBytes(lease.path()));
        }
    }

    @Test
    void open_indexRowPointingOutsideTheDir_isIgnored() throws Exception {
        Path dir = newDir();
        Path victim = dir.resolveSibling("victim-" + dir.getFileName() + ".obj");
        Files.writeString(victim, "precious");
        Files.writeString(dir.resolve("index.json"), "{\"version\":1,\"entries\":[{\"uri\":\"s3://b/k\",\"file\":\"../"
                + victim.getFileName().toString().replace(".obj", "") + "\",\"size\":8,\"fetchedAt\":1,\"lastAccess\":1,\"crc32c\":0}]}");
        try (DiskCache cache = fx.open(dir, 1 << 20, 100)) {
            assertEquals(0, cache.stats().items());
            fx.scheduler.tick();
        }
        assertEquals("precious", Files.readString(victim));
    }

    @Test
    void open_orphansAndHalfDoneDownloads_areDeleted() throws Exception {
        ObjectUri uri = put("leftovers/a", 100);
        Path dir = populated(List.of(uri));
        String orphan = CacheKeys.newBaseName("s3://cache-test/gone");
        Files.write(dir.resolve(orphan + ".obj"), new byte[5]); // no sidecar: unrecoverable
        Files.write(dir.resolve("tmp").resolve("download-123.part"), new byte[5]);
        try (DiskCache cache = fx.open(dir, 1 << 20, 100)) {
            assertEquals(1, cache.stats().items());
            assertFalse(Files.exists(dir.resolve(orphan + ".obj")));
            assertEquals(0, CacheFixture.tempFiles(dir));
        }
    }

    @Test
    void open_withSmallerBudget_evictsDownToIt() throws Exception {
        Path dir = populated(List.of(put("shrink/a", 100), put("shrink/b", 100), put("shrink/c", 100)));
        try (DiskCache cache = fx.open(dir, 1 << 20, 1)) {
            assertEquals(1, cache.stats().items());
            assertEquals(1, files(dir, ".obj"));
        }
    }

    @Test
    void persistIndex_nothingChanged_doesNotWrite() throws Exception {
        ObjectUri uri = put("checkpoint/a", 10);
        Path dir = newDir();
        Path index = dir.resolve("index.json");
        try (DiskCache cache = fx.open(dir, 1 << 20, 100)) {
            cache.acquire(uri).close();
            cache.persistIndex();
            assertTrue(Files.exists(index), "a new entry is written at the next checkpoint");
            Files.delete(index);
            cache.persistIndex();
            assertFalse(Files.exists(index), "clean: the heartbeat's checkpoint is free");
        }
    }

    @Test
    void persistIndex_onlyHits_writesOncePerRecencyCheckpoint() throws Exception {
        ObjectUri uri = put("checkpoint/b", 10);
        Path dir = newDir();
        Path index = dir.resolve("index.json");
        try (DiskCache cache = fx.open(dir, 1 << 20, 100)) {
            cache.acquire(uri).close();
            cache.persistIndex();
            Files.delete(index);
            assertTrue(hit(cache, uri));
            cache.persistIndex();
            assertFalse(Files.exists(index), "a hit only reorders: not worth a write yet");
            fx.clock.addAndGet(DiskCache.RECENCY_CHECKPOINT_MILLIS);
            cache.persistIndex();
            assertTrue(Files.exists(index), "a minute later the new order is written");
            Files.delete(index);
            assertTrue(hit(cache, uri));
        }
        assertTrue(Files.exists(index), "close writes any change");
    }

    @Test
    void cleanUp_afterANewerInstanceTookTheDirOver_touchesNothing() throws Exception {
        ObjectUri a = put("takeover/a", 10);
        ObjectUri b = put("takeover/b", 20);
        Path dir = newDir();
        DiskCache old = fx.open(dir, 1 << 20, 100); // a crashed worker's cache: never closed
        old.acquire(a).close();
        try (DiskCache fresh = fx.open(dir, 1 << 20, 100)) {
            fresh.acquire(b).close();
            fresh.persistIndex();
            String index = Files.readString(dir.resolve("index.json"));
            old.acquire(a).close();
            old.persistIndex();
            old.cleanUp();
            assertEquals(index, Files.readString(dir.resolve("index.json")));
            assertTrue(hit(fresh, b), "the old instance must not delete the new one's files as orphans");
            assertEquals(2, files(dir, ".obj"));
        }
    }

    @FunctionalInterface
    private interface DirAction {
        void apply(Path dir) throws Exception;
    }
}
