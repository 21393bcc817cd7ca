package io.memrun.runtime.cache;

import static io.memrun.runtime.cache.CacheFixture.bytes;
import static io.memrun.runtime.cache.CacheFixture.files;
import static io.memrun.runtime.cache.CacheFixture.hit;
import static io.memrun.runtime.cache.CacheFixture.newDir;
import static io.memrun.runtime.cache.CacheFixture.put;
import static io.memrun.runtime.cache.CacheFixture.tempFiles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.runtime.objectstore.ObjectStoreUnavailableException;
import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.sdk.CachedObject;
import io.memrun.sdk.DecodedForm;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Streaming acquisition: a lease that returns after the first part, whose ranges map as their
 * parts land, whose decoded structure is kept only if the download succeeds, and which behaves as
 * a plain lease once the download is done. The later parts are held back at the store (a gate in
 * front of the real one), so nothing here depends on timing.
 */
class DiskCacheStreamingTest {
    private static final int PART = 64 << 10;
    private static final int SIZE = 16 * PART + 123; // 17 parts, the last one short

    private final CacheFixture fx = new CacheFixture();
    private final CountDownLatch later = new CountDownLatch(1);

    private DiskCache open(Path dir, int maxItems) throws IOException {
        return fx.builder(dir).partSize(PART).maxSizeBytes(64L << 20).maxItems(maxItems).open();
    }

    private void holdLaterParts() {
        fx.counting.beforeLaterParts = () -> {
            try {
                later.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    private static byte[] read(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @Test
    void acquireStreaming_returnsAfterTheFirstPart_andMapsEachRangeOnceItLanded() throws Exception {
        ObjectUri uri = put("stream/ranges.bin", SIZE);
        byte[] expected = bytes("stream/ranges.bin", SIZE);
        holdLaterParts();
        try (DiskCache cache = open(newDir(), 10)) {
            ObjectLease lease = cache.acquireStreaming(uri); // the later parts are held: this cannot wait for them
            assertInstanceOf(StreamingLease.class, lease);
            assertFalse(lease.hit());
            assertEquals(SIZE, lease.size());
            assertArrayEquals(Arrays.copyOfRange(expected, 0, 1000), read(lease.map(0, 1000)));
            CompletableFuture<byte[]> tail = CompletableFuture.supplyAsync(() -> {
                try {
                    return read(lease.map(SIZE - 5000, 5000));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThrows(java.util.concurrent.TimeoutException.class, () -> tail.get(200, TimeUnit.MILLISECONDS),
                    "the tail's parts are held at the store, so its map must still be waiting");
            later.countDown();
            assertArrayEquals(Arrays.copyOfRange(expected, SIZE - 5000, SIZE), tail.get(30, TimeUnit.SECONDS));
            assertArrayEquals(expected, Files.readAllBytes(lease.path()), "path() waits for the whole, checked object");
            lease.close();
            assertTrue(hit(cache, uri), "the download was installed like any other");
            try (ObjectLease again = cache.acquireStreaming(uri)) {
                assertInstanceOf(CacheLease.class, again, "a hit is an ordinary lease");
                assertTrue(again.hit());
            }
        }
    }

    @Test
    void decoded_whileArriving_decodesOnceForEveryCaller_andKeepsTheFileForARestart() throws Exception {
        ObjectUri uri = put("stream/decoded.bin", SIZE);
        Checksum form = new Checksum();
        Path dir = newDir();
        holdLaterParts();
        try (DiskCache cache = open(dir, 10)) {
            ObjectLease streaming = cache.acquireStreaming(uri);
            CompletableFuture<Long> first = CompletableFuture.supplyAsync(() -> call(() -> streaming.decoded(form)));
            // A second request, arriving meanwhile, waits for the download and then shares the decode.
            CompletableFuture<Long> second = CompletableFuture.supplyAsync(() -> call(() -> {
                try (CacheLease lease = cache.acquire(uri)) {
                    return lease.decoded(form);
                }
            }));
            // The decode runs on the arriving bytes: it started while the later parts were still held.
            assertTrue(form.started.await(30, TimeUnit.SECONDS));
            assertFalse(first.isDone(), "the decode waits for the held parts");
            later.countDown();
            long sum = first.get(30, TimeUnit.SECONDS);
            assertEquals(sum, second.get(30, TimeUnit.SECONDS));
            assertEquals(sum, Checksum.of(bytes("stream/decoded.bin", SIZE)));
            assertEquals(1, form.decodes.get(), "one decode for both requests");
            streaming.close();
            cache.awaitDecodedWrites(Duration.ofSeconds(10));
            assertEquals(1, files(dir, ".decoded"), "the structure was kept beside the object");
        }
        try (DiskCache reopened = open(dir, 10); CacheLease lease = reopened.acquire(uri)) {
            assertTrue(lease.hit());
            assertEquals(Checksum.of(bytes("stream/decoded.bin", SIZE)), lease.decoded(form));
            assertEquals(1, form.decodes.get(), "read back after a restart, not decoded again");
        }
    }

    @Test
    void objectChangedMidDownload_mapsAndTheDecodeFail_andNothingIsKept() throws Exception {
        ObjectUri uri = put("stream/changed.bin", SIZE);
        Path dir = newDir();
        fx.counting.beforeLaterParts = () -> {
            try {
                put("stream/changed.bin", SIZE + 1); // a new version: later parts carry another ETag
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        Checksum form = new Checksum();
        try (DiskCache cache = open(dir, 10)) {
            ObjectLease lease = cache.acquireStreaming(uri);
            assertEquals(SIZE, lease.size());
            IOException mapped = assertThrows(IOException.class, () -> lease.map(SIZE - 10, 10));
            assertInstanceOf(ObjectStoreUnavailableException.class, mapped);
            assertThrows(ObjectStoreUnavailableException.class, () -> lease.decoded(form));
            lease.close();
            cache.awaitDecodedWrites(Duration.ofSeconds(10));
            assertEquals(0, files(dir, ".decoded"));
            assertEquals(0, tempFiles(dir), "the partial download is gone");
            assertFalse(hit(cache, uri), "nothing was cached: the next request downloads again");
        }
    }

    @Test
    void closedBeforeTheDownloadEnds_releasesTheObjectWhenItDoes() throws Exception {
        ObjectUri a = put("stream/a.bin", SIZE);
        ObjectUri b = put("stream/b.bin", SIZE);
        Path dir = newDir();
        holdLaterParts();
        try (DiskCache cache = open(dir, 1)) {
            cache.acquireStreaming(a).close();
            later.countDown();
            try (CacheLease whole = cache.acquire(a)) { // waits for the download if it is still running
                assertEquals(SIZE, whole.size());
            }
            assertFalse(hit(cache, b));
            assertTrue(hit(cache, b));
            // With room for one object, a stays only while a lease holds it (the cache runs over budget).
            assertFalse(hit(cache, a), "a was evicted for b: the closed streaming lease no longer held it");
        }
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    private static <T> T call(Call<T> c) {
        try {
            return c.call();
        } catch (Exception e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }

    /** "Decodes" an object into a checksum of its bytes, read range by range through {@code map}. */
    static final class Checksum implements DecodedForm<Long> {
        final AtomicInteger decodes = new AtomicInteger();
        final CountDownLatch started = new CountDownLatch(1);

        static long of(byte[] b) {
            long h = 0;
            for (byte x : b) {
                h = h * 31 + x;
            }
            return h;
        }

        @Override
        public String name() {
            return "checksum-v1";
        }

        @Override
        public Long decode(CachedObject source) throws IOException {
            decodes.incrementAndGet();
            started.countDown();
            long h = 0;
            for (long off = 0; off < source.size(); off += 10_000) {
                ByteBuffer b = source.map(off, Math.min(10_000, source.size() - off));
                while (b.hasRemaining()) {
                    h = h * 31 + b.get();
                }
            }
            return h;
        }

        @Override
        public void write(Long value, OutputStream out) throws IOException {
            out.write(ByteBuffer.allocate(8).putLong(value).array());
        }

        @Override
        public Long read(ByteBuffer saved) {
            return saved.getLong(0);
        }
    }
}
