package io.memrun.runtime.cache;

import static io.memrun.runtime.cache.CacheFixture.newDir;
import static io.memrun.runtime.cache.CacheFixture.put;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memrun.runtime.objectstore.ObjectUri;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hot set a worker hands to its successor: hottest first (reads, halved per 10 idle minutes), within a budget. */
class DiskCacheHotSetTest {
    private final CacheFixture fx = new CacheFixture();

    private static void read(DiskCache cache, ObjectUri uri, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            cache.acquire(uri).close();
        }
    }

    @Test
    void hotSet_ranksByReadsDecayedByIdleTime_andStaysWithinTheBudget() throws Exception {
        ObjectUri often = put("hot/often", 1000);
        ObjectUri lately = put("hot/lately", 1000);
        ObjectUri once = put("hot/once", 1000);
        ObjectUri big = put("hot/big", 5000);
        try (DiskCache cache = fx.open(newDir(), 1 << 20, 100)) {
            read(cache, often, 9);  // 8 hits, but 30 idle minutes ago: 9 / 8 = 1.1
            fx.clock.addAndGet(30 * 60_000);
            read(cache, lately, 3); // 2 hits just now: 3
            read(cache, once, 1);   // fetched, never hit: 1
            read(cache, big, 2);    // 1 hit: 2

            List<String> all = cache.hotSet(1 << 20).stream().map(HotObject::uri).toList();
            assertEquals(List.of(lately.toString(), big.toString(), often.toString(), once.toString()), all);

            // 3,000 bytes: big does not fit, the smaller ones after it still do.
            List<HotObject> cut = cache.hotSet(3000);
            assertEquals(List.of(lately.toString(), often.toString(), once.toString()), cut.stream().map(HotObject::uri).toList());
            assertEquals(2, cut.get(0).hits());
            assertEquals(1000, cut.get(0).size());
        }
    }

    @Test
    void hotSet_emptyCacheOrNoBudget_isEmpty() throws Exception {
        try (DiskCache cache = fx.open(newDir(), 1 << 20, 100)) {
            assertEquals(List.of(), cache.hotSet(1 << 20));
            read(cache, put("hot/x", 10), 1);
            assertEquals(List.of(), cache.hotSet(0));
        }
    }
}
