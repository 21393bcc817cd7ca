package io.memrun.runtime.cache;

import static io.memrun.runtime.cache.CacheFixture.bytes;
import static io.memrun.runtime.cache.CacheFixture.files;
import static io.memrun.runtime.cache.CacheFixture.newDir;
import static io.memrun.runtime.cache.CacheFixture.put;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.runtime.handoff.HotSet;
import io.memrun.runtime.handoff.Warmup;
import io.memrun.runtime.objectstore.ObjectUri;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A warm handoff carries decoded files too: the predecessor copies the ones beside its hot objects
 * next to its hot set, and the successor adopts them after fetching each object, so its first
 * request reads the structure back instead of decoding. A copy that fails the checks is not kept.
 */
class HandoffDecodedTest {
    private static final int SIZE = 300_000;

    private final CacheFixture fx = new CacheFixture();

    private DiskCache open(Path dir) throws Exception {
        return fx.builder(dir).maxSizeBytes(64L << 20).maxItems(100).open();
    }

    /** A predecessor that decoded {@code key}; returns the hot set it published to {@code where}. */
    private HotSet predecessor(String key, DiskCacheDecodedTest.Reversed form, long budget, ObjectUri where)
            throws Exception {
        ObjectUri uri = put(key, SIZE);
        try (DiskCache old = open(newDir())) {
            try (CacheLease lease = old.acquire(uri)) {
                lease.decoded(form);
            }
            old.awaitDecodedWrites(Duration.ofSeconds(10));
            HotSet set = HotSet.capture("svc", "svc-0", 1, old, budget, fx.counting, where);
            set.publish(fx.counting, where);
            return set;
        }
    }

    @Test
    void successor_adoptsThePredecessorsDecodedFile_andReadsItInsteadOfDecoding() throws Exception {
        DiskCacheDecodedTest.Reversed form = new DiskCacheDecodedTest.Reversed();
        ObjectUri where = new ObjectUri(CacheFixture.BUCKET, "hotsets/svc/adopt.json");
        HotSet published = predecessor("handoff/adopt.bin", form, 64L << 20, where);
        assertEquals(1, published.decoded().size(), "the decoded file went with the hot set");
        assertEquals(1, form.decodes.get());

        Path dir = newDir();
        try (DiskCache successor = open(dir)) {
            HotSet set = HotSet.read(fx.counting, where, dir);
            assertEquals(published.decoded(), set.decoded());
            try (Warmup w = Warmup.start(successor, set, 0)) {
                assertTrue(w.await(Duration.ofSeconds(30)));
            }
            assertEquals(1, files(dir, ".decoded"), "adopted beside the fetched object");
            try (CacheLease lease = successor.acquire(new ObjectUri(CacheFixture.BUCKET, "handoff/adopt.bin"))) {
                assertTrue(lease.hit());
                byte[] value = lease.decoded(form);
                byte[] expected = bytes("handoff/adopt.bin", SIZE);
                assertEquals(expected[0], value[SIZE - 1], "the reversed bytes");
                assertArrayEquals(expected, reverse(value));
            }
            assertEquals(1, form.decodes.get(), "read back, not decoded on the successor");
        }
    }

    @Test
    void aDamagedCopy_isNotAdopted_andTheSuccessorDecodesOnFirstUse() throws Exception {
        DiskCacheDecodedTest.Reversed form = new DiskCacheDecodedTest.Reversed();
        ObjectUri where = new ObjectUri(CacheFixture.BUCKET, "hotsets/svc/damaged.json");
        HotSet published = predecessor("handoff/damaged.bin", form, 64L << 20, where);
        ObjectUri copy = ObjectUri.parse(published.decoded().get(0).copy());
        fx.counting.upload(copy, new byte[100]); // not a decoded file at all

        Path dir = newDir();
        try (DiskCache successor = open(dir)) {
            try (Warmup w = Warmup.start(successor, HotSet.read(fx.counting, where, dir), 0)) {
                assertTrue(w.await(Duration.ofSeconds(30)));
            }
            assertEquals(0, files(dir, ".decoded"), "the damaged copy was refused");
            try (CacheLease lease = successor.acquire(new ObjectUri(CacheFixture.BUCKET, "handoff/damaged.bin"))) {
                assertTrue(lease.hit(), "the object itself was fetched");
                assertArrayEquals(bytes("handoff/damaged.bin", SIZE), reverse(lease.decoded(form)));
            }
            assertEquals(2, form.decodes.get(), "decoded again on the successor");
        }
    }

    @Test
    void aBudgetWithRoomForTheObjectsOnly_leavesTheDecodedFilesBehind() throws Exception {
        DiskCacheDecodedTest.Reversed form = new DiskCacheDecodedTest.Reversed();
        HotSet published = predecessor("handoff/tight.bin", form, SIZE,
                new ObjectUri(CacheFixture.BUCKET, "hotsets/svc/tight.json"));
        assertEquals(1, published.objects().size());
        assertEquals(0, published.decoded().size());
    }

    private static byte[] reverse(byte[] b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[b.length - 1 - i];
        }
        return out;
    }
}
