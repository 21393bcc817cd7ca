package io.memrun.runtime.cache;

import static io.memrun.runtime.cache.CacheFixture.files;
import static io.memrun.runtime.cache.CacheFixture.newDir;
import static io.memrun.runtime.cache.CacheFixture.put;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.sdk.CachedObject;
import io.memrun.sdk.DecodedForm;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The decoded-state tier's rules: a structure decoded from a cached object is written beside it
 * once, read back (not decoded) after a restart, decoded again when its file is damaged, truncated
 * or was made from another version of the object, and deleted with its object.
 */
class DiskCacheDecodedTest {
    private final CacheFixture fx = new CacheFixture();

    /** "Decodes" an object into its bytes reversed; counts decodes and reads. */
    static class Reversed implements DecodedForm<byte[]> {
        final AtomicInteger decodes = new AtomicInteger();
        final AtomicInteger reads = new AtomicInteger();
        volatile CountDownLatch gate = new CountDownLatch(0);
        volatile RuntimeException failure;

        @Override
        public String name() {
            return "reversed-v1";
        }

        @Override
        public byte[] decode(CachedObject source) throws Exception {
            decodes.incrementAndGet();
            gate.await(10, TimeUnit.SECONDS);
            if (failure != null) {
                throw failure;
            }
            byte[] b = Files.readAllBytes(source.path());
            for (int i = 0, j = b.length - 1; i < j; i++, j--) {
                byte t = b[i];
                b[i] = b[j];
                b[j] = t;
            }
            return b;
        }

        @Override
        public void write(byte[] value, OutputStream out) throws IOException {
            out.write(value);
        }

        @Override
        public byte[] read(ByteBuffer saved) {
            reads.incrementAndGet();
            byte[] b = new byte[saved.remaining()];
            saved.get(b);
            return b;
        }
    }

    /** Gets the structure and waits for its file to be written (that happens off the caller's path). */
    private static byte[] decoded(DiskCache cache, ObjectUri uri, DecodedForm<byte[]> form) throws Exception {
        try (CacheLease lease = cache.acquire(uri)) {
            return lease.decoded(form);
        } finally {
            cache.awaitDecodedWrites(Duration.ofSeconds(10));
        }
    }

    private static byte[] reversed(ObjectUri uri, int size) {
        byte[] b = CacheFixture.bytes(uri.key(), size);
        byte[] r = new byte[size];
        for (int i = 0; i < size; i++) {
            r[i] = b[size - 1 - i];
        }
        return r;
    }

    private static Path decodedFile(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".reversed-v1.decoded")).findFirst().orElseThrow();
        }
    }

    @Test
    void concurrentCalls_decodeAndWriteOnce_andAllGetTheValue() throws Exception {
        ObjectUri uri = put("decoded/concurrent", 10_000);
        Reversed form = new Reversed();
        form.gate = new CountDownLatch(1);
        Path dir = newDir();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (DiskCache cache = fx.open(dir, 1 << 20, 100)) {
            List<Future<byte[]>> calls = new ArrayList<>();
            CountDownLatch started = new CountDownLatch(8);
            for (int i = 0; i < 8; i++) {
                calls.add(pool.submit(() -> {
                    started.countDown();
                    return decoded(cache, uri, form);
                }));
            }
            // The decode cannot finish before every caller is on its way; a late one reads the file.
            assertTrue(started.await(10, TimeUnit.SECONDS));
            form.gate.countDown();
            byte[] first = calls.get(0).get(10, TimeUnit.SECONDS);
            cache.awaitDecodedWrites(Duration.ofSeconds(10));
            assertArrayEquals(reversed(uri, 10_000), first);
            for (Future<byte[]> f : calls) {
                byte[] v = f.get(10, TimeUnit.SECONDS);
                assertTrue(v == first || java.util.Arrays.equals(v, first), "every caller gets the decoded value");
            }
            assertEquals(1, form.decodes.get(), "one decode for eight concurrent callers");
            assertEquals(1, files(dir, ".decoded"));
            assertEquals(1, cache.decodedCounts()[1], "one decoded file written");
            // A later call in the same process reads the file back.
            assertArrayEquals(first, decoded(cache, uri, form));
            assertEquals(1, form.decodes.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anotherInstanceOfTheForm_waitsForTheFileAndReadsIt_ratherThanSharingTheValue() throws Exception {
        // As after a hot reload: the new code's form must not receive a value of the old code's classes.
        ObjectUri uri = put("decoded/reloaded", 8_000);
        Reversed old = new Reversed();
        old.gate = new CountDownLatch(1);
        Reversed reloaded = new Reversed();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (DiskCache cache = fx.open(newDir(), 1 << 20, 100)) {
            Future<byte[]> first = pool.submit(() -> decoded(cache, uri, old));
            for (long until = System.nanoTime() + 10_000_000_000L; old.decodes.get() == 0 && System.nanoTime() < until; ) {
                Thread.sleep(5);
            }
            Future<byte[]> second = pool.submit(() -> decoded(cache, uri, reloaded));
            old.gate.countDown();
            assertArrayEquals(first.get(10, TimeUnit.SECONDS), second.get(10, TimeUnit.SECONDS));
            assertEquals(0, reloaded.decodes.get(), "the file was read, not decoded again");
            assertEquals(1, reloaded.reads.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void afterARestart_theStructureIsReadBack_notDecoded() throws Exception {
        ObjectUri uri = put("decoded/restart", 20_000);
        Reversed form = new Reversed();
        Path dir = newDir();
        try (DiskCache cache = fx.open(dir, 1 << 20, 100)) {
            decoded(cache, uri, form);
            assertEquals(20_000 + DecodedFile.HEADER, cache.stats().bytesOnDisk() - 20_000,
                    "the decoded file counts against the disk budget");
        }
        try (DiskCache reopened = fx.open(dir, 1 << 20, 100)) {
            assertEquals(2 * 20_000 + DecodedFile.HEADER, reopened.stats().bytesOnDisk(), "recovered with its object");
            assertArrayEquals(reversed(uri, 20_000), decoded(reopened, uri, form));
            assertEquals(1, form.decodes.get(), "read back, not decoded again");
            assertEquals(1, form.reads.get());
            assertEquals(1, reopened.decodedCounts()[0]);
        }
    }

    @Test
    void aCorruptOrTruncatedFile_isDecodedAgainAndReplaced() throws Exception {
        ObjectUri uri = put("decoded/corrupt", 5_000);
        Reversed form = new Reversed();
        Path dir = newDir();
        try (DiskCache cache = fx.open(dir, 1 << 20, 100)) {
            decoded(cache, uri, form);
        }
        Path file = decodedFile(dir);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {42, 42, 42}), DecodedFile.HEADER + 100); // same length, other bytes
        }
        try (DiskCache cache = fx.open(dir, 1 << 20, 100)) {
            assertArrayEquals(reversed(uri, 5_000), decoded(cache, uri, form), "the damaged file is not served");
            assertEquals(2, form.decodes.get());
            assertEquals(0, form.reads.get());
        }
        try (FileChannel ch = FileChannel.open(decodedFile(dir), StandardOpenOption.WRITE)) {
            ch.truncate(DecodedFile.HEADER + 1000);
        }
        try (DiskCache cache = fx.open(dir, 1 << 20, 100)) {
            assertArrayEquals(reversed(uri, 5_000), decoded(cache, uri, form), "the truncated file is not served");
            assertEquals(3, form.decodes.get());
            assertEquals(1, files(dir, ".decoded"), "replaced, not added beside");
            // ... and the replacement is good.
            assertArrayEquals(reversed(uri, 5_000), decoded(cache, uri, form));
            assertEquals(3, form.decodes.get());
            assertEquals(1, form.reads.get());
        }
    }

    @Test
    void whenTheObjectChanges_theOldStructureGoesAndTheNewOneIsDecoded() throws Exception {
        ObjectUri uri = put("decoded/changes", 3_000);
        Reversed form = new Reversed();
        Path dir = newDir();
        Path stale = newDir().resolve("stale.decoded");
        try (DiskCache cache = fx.builder(dir).maxSizeBytes(1 << 20).maxItems(100).ttl(Duration.ofMinutes(1)).open()) {
            decoded(cache, uri, form);
            Files.copy(decodedFile(dir), stale);
            CacheFixture.store().upload(uri, CacheFixture.bytes("another version", 3_000));
            fx.clock.addAndGet(120_000); // expired: the next use fetches the object again
            byte[] now = decoded(cache, uri, form);
            assertEquals(2, form.decodes.get());
            assertEquals(1, files(dir, ".decoded"), "the old version's structure went with it");
            byte[] expected = CacheFixture.bytes("another version", 3_000);
            assertEquals(expected[0], now[now.length - 1]);
        }
        // A file made from the old bytes, under the new object's name, is refused by its header.
        Files.copy(stale, decodedFile(dir), StandardCopyOption.REPLACE_EXISTING);
        try (DiskCache cache = fx.open(dir, 1 << 20, 100)) {
            byte[] now = decoded(cache, uri, form);
            assertEquals(3, form.decodes.get(), "a structure of another version is decoded again");
            assertEquals(CacheFixture.bytes("another version", 3_000)[0], now[now.length - 1]);
        }
    }

    @Test
    void evictingTheObject_deletesItsStructure() throws Exception {
        ObjectUri a = put("decoded/evict-a", 4_000);
        ObjectUri b = put("decoded/evict-b", 12_000);
        Reversed form = new Reversed();
        Path dir = newDir();
        // Room for a with its structure (8,048 bytes) but not for b beside them.
        try (DiskCache cache = fx.open(dir, 20_000, 100)) {
            decoded(cache, a, form);
            assertEquals(1, files(dir, ".decoded"));
            assertEquals(8_048, cache.stats().bytesOnDisk());
            CacheFixture.hit(cache, b);
            assertFalse(cache.probablyCached(a), "a was evicted for b");
            assertEquals(0, files(dir, ".decoded"), "a's structure went with it");
            assertEquals(12_000, cache.stats().bytesOnDisk());
        }
    }

    @Test
    void aStructureThatWouldTakeOverHalfTheCache_isNotKept_butTheValueIsReturned() throws Exception {
        ObjectUri big = put("decoded/too-big", 6_000);
        Reversed form = new Reversed();
        Path dir = newDir();
        try (DiskCache cache = fx.open(dir, 20_000, 100)) {
            assertArrayEquals(reversed(big, 6_000), decoded(cache, big, form)); // 6,000 + 6,048 > 10,000
            assertEquals(0, files(dir, ".decoded"));
            assertEquals(0, CacheFixture.tempFiles(dir));
            assertEquals(6_000, cache.stats().bytesOnDisk());
            decoded(cache, big, form);
            assertEquals(2, form.decodes.get(), "decoded again each time the memory tier asks");
        }
    }

    @Test
    void aFailedDecode_keepsNothing_andTheNextCallTriesAgain() throws Exception {
        ObjectUri uri = put("decoded/fails", 1_000);
        Reversed form = new Reversed();
        Path dir = newDir();
        try (DiskCache cache = fx.open(dir, 1 << 20, 100)) {
            form.failure = new IllegalStateException("cannot decode");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> decoded(cache, uri, form));
            assertEquals("cannot decode", e.getMessage());
            assertEquals(0, files(dir, ".decoded"));
            form.failure = null;
            assertArrayEquals(reversed(uri, 1_000), decoded(cache, uri, form));
            assertEquals(2, form.decodes.get());
        }
    }

    @Test
    void orphanedStructures_areDeletedAtStart_andBadNamesAreRefused() throws Exception {
        ObjectUri uri = put("decoded/orphan", 1_000);
        Reversed form = new Reversed();
        Path dir = newDir();
        try (DiskCache cache = fx.open(dir, 1 << 20, 100)) {
            decoded(cache, uri, form);
        }
        Path orphan = dir.resolve(CacheKeys.decodedFileName(CacheKeys.newBaseName("s3://cache-test/gone"), "reversed-v1"));
        Files.copy(decodedFile(dir), orphan);
        try (DiskCache cache = fx.open(dir, 1 << 20, 100)) {
            assertFalse(Files.exists(orphan), "a structure whose object is gone is an orphan");
            assertEquals(1, files(dir, ".decoded"));
            DecodedForm<byte[]> bad = new Reversed() {
                @Override
                public String name() {
                    return "../escape";
                }
            };
            try (CacheLease lease = cache.acquire(uri)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lease.decoded(bad));
                assertTrue(e.getMessage().contains("csv-columns-v1"), e.getMessage());
            }
        }
    }
}
