package io.memrun.runtime.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.sdk.SharedWorkerContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MemoryStoreTest {
    private record Blob(long weightBytes) implements SharedWorkerContext.Weighted {
    }

    @Test
    void getOrCompute_32ConcurrentCallers_computeOnce() throws Exception {
        MemoryStore store = new MemoryStore(1 << 30);
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch loading = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Object>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return store.getOrCompute("k", () -> {
                        loads.incrementAndGet();
                        loading.countDown();
                        return new Blob(100);
                    });
                }));
            }
            go.countDown();
            Object first = results.get(0).get();
            for (Future<Object> f : results) {
                assertSame(first, f.get());
            }
        }
        assertEquals(1, loads.get());
        assertEquals(1, store.misses());
        assertEquals(31, store.hits());
    }

    @Test
    void getOrCompute_loaderThrows_everyWaiterGetsItAndNothingIsKept() throws Exception {
        MemoryStore store = new MemoryStore(1 << 20);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        IOException boom = new IOException("decode failed");
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Object> loader = pool.submit(() -> store.getOrCompute("k", () -> {
                started.countDown();
                release.await();
                throw boom;
            }));
            started.await();
            Future<Object> waiter = pool.submit(() -> store.getOrCompute("k", () -> "never runs"));
            while (store.hits() == 0) { // the waiter found the load in progress
                Thread.onSpinWait();
            }
            release.countDown();
            assertSame(boom, assertThrows(java.util.concurrent.ExecutionException.class, loader::get).getCause());
            assertSame(boom, assertThrows(java.util.concurrent.ExecutionException.class, waiter::get).getCause());
        }
        assertEquals("again", store.getOrCompute("k", () -> "again"));
    }

    @Test
    void getOrCompute_loaderReturnsNull_throwsAndKeepsNothing() throws Exception {
        MemoryStore store = new MemoryStore(1 << 20);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.getOrCompute("k", () -> null));
        assertTrue(e.getMessage().contains("returned null"));
        assertEquals("v", store.getOrCompute("k", () -> "v"));
    }

    @Test
    void getOrCompute_loaderAsksForItsOwnKey_failsInsteadOfDeadlocking() {
        MemoryStore store = new MemoryStore(1 << 20);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> store.getOrCompute("k", () -> store.getOrCompute("k", () -> "inner")));
        assertTrue(e.getMessage().contains("asked for 'k' itself"), e.getMessage());
    }

    @Test
    void getOrCompute_overTheMemoryBudget_evictsByDeclaredBytes() throws Exception {
        MemoryStore store = new MemoryStore(10L << 20);
        for (int i = 0; i < 50; i++) {
            store.getOrCompute("k" + i, () -> new Blob(1L << 20));
        }
        store.cleanUp();
        assertTrue(store.weightedBytes() <= 10L << 20, "held " + store.weightedBytes());
        assertTrue(store.weightedBytes() >= 5L << 20, "held " + store.weightedBytes());
    }

    @Test
    void getOrCompute_valueOver2GiB_isWeighedInFullNotCapped() throws Exception {
        MemoryStore store = new MemoryStore(32L << 30);
        store.getOrCompute("huge", () -> new Blob(5L << 30));
        store.cleanUp();
        assertEquals(5L << 30, store.weightedBytes());
    }

    @Test
    void getOrCompute_valueLargerThanTheBudget_isReturnedButNotKept() throws Exception {
        MemoryStore store = new MemoryStore(1L << 20);
        Blob big = new Blob(2L << 20);
        assertSame(big, store.getOrCompute("big", () -> big));
        store.cleanUp();
        assertEquals(0, store.weightedBytes());
    }

    @Test
    void invalidate_key_nextCallComputesAgain() throws Exception {
        MemoryStore store = new MemoryStore(1 << 20);
        AtomicInteger loads = new AtomicInteger();
        store.getOrCompute("k", loads::incrementAndGet);
        store.invalidate("k");
        assertEquals(2, store.getOrCompute("k", loads::incrementAndGet));
    }
}
