package io.memrun.runtime.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The reader count that keeps files from being deleted under readers. */
class CacheEntryTest {
    private static CacheEntry entry() {
        return CacheEntry.downloaded(new EntryRecord("s3://b/k", CacheKeys.newBaseName("s3://b/k"), 1, null, 0, 0, 0));
    }

    @Test
    void tryKill_pinnedEntry_fails() {
        CacheEntry e = entry();
        assertTrue(e.pin());
        assertFalse(e.tryKill());
        assertFalse(e.unpin());
        assertTrue(e.tryKill());
    }

    @Test
    void pin_killedEntry_fails() {
        CacheEntry e = entry();
        assertTrue(e.tryKill());
        assertFalse(e.pin());
    }

    @Test
    void unpin_lastReaderOfRetiredEntry_deletesIt() {
        CacheEntry e = entry();
        e.pin();
        e.pin();
        assertFalse(e.retire(), "readers remain: not deleted yet");
        assertFalse(e.unpin());
        assertTrue(e.unpin(), "the last reader deletes");
        assertFalse(e.pin());
    }

    @Test
    void retire_racingWithManyReaders_deletesExactlyOnce() throws Exception {
        for (int round = 0; round < 200; round++) {
            CacheEntry e = entry();
            AtomicInteger deletes = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    awaitQuietly(go);
                    if (e.pin() && e.unpin()) {
                        deletes.incrementAndGet();
                    }
                }));
            }
            threads.add(Thread.ofVirtual().start(() -> {
                awaitQuietly(go);
                if (e.retire()) {
                    deletes.incrementAndGet();
                }
            }));
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(1, deletes.get());
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
