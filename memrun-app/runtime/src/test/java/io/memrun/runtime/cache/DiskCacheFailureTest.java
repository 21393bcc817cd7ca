package io.memrun.runtime.cache;

import static io.memrun.runtime.cache.CacheFixture.bytes;
import static io.memrun.runtime.cache.CacheFixture.hit;
import static io.memrun.runtime.cache.CacheFixture.newDir;
import static io.memrun.runtime.cache.CacheFixture.put;
import static io.memrun.runtime.cache.CacheFixture.tempFiles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.runtime.objectstore.ObjectStoreUnavailableException;
import io.memrun.runtime.objectstore.ObjectUri;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A full disk, a failing store and a changing object: the request fails, the cache stays sound. */
class DiskCacheFailureTest {
    private static final int PART = 64 * 1024;

    private final CacheFixture fx = new CacheFixture();

    @Test
    void acquire_diskWithoutRoom_failsThatRequestAndTheCacheStaysConsistent() throws Exception {
        ObjectUri cached = put("full/cached", 100);
        ObjectUri big = put("full/big", 5 * PART);
        AtomicLong free = new AtomicLong(Long.MAX_VALUE);
        Path dir = newDir();
        try (DiskCache cache = fx.builder(dir).partSize(PART).usableSpace(free::get).open()) {
            cache.acquire(cached).close();
            free.set(PART);
            CacheDiskFullException e = assertThrows(CacheDiskFullException.class, () -> cache.acquire(big));
            assertTrue(e.getMessage().contains("cache disk is full"), e.getMessage());
            assertEquals(1, cache.stats().items());
            assertEquals(100, cache.stats().bytesOnDisk());
            assertEquals(0, tempFiles(dir));
            assertTrue(hit(cache, cached), "other objects are still served");
            free.set(Long.MAX_VALUE);
            try (CacheLease lease = cache.acquire(big)) {
                assertArrayEquals(bytes("full/big", 5 * PART), Files.readAllBytes(lease.path()));
            }
        }
    }

    @Test
    void acquire_writeFailsWithNoSpaceLeft_reportsDiskFullAndLeavesNoTrace() throws Exception {
        ObjectUri uri = put("enospc/a", 3 * PART);
        Path dir = newDir();
        try (DiskCache cache = fx.builder(dir).partSize(PART).open()) {
            fx.counting.failWritesWith = new IOException("No space left on device");
            CacheDiskFullException e = assertThrows(CacheDiskFullException.class, () -> cache.acquire(uri));
            assertEquals("No space left on device", e.getCause().getMessage());
            assertEquals(0, cache.stats().items());
            assertEquals(0, cache.stats().bytesFetched());
            assertEquals(0, tempFiles(dir));
            fx.counting.failWritesWith = null;
            try (CacheLease lease = cache.acquire(uri)) {
                assertArrayEquals(bytes("enospc/a", 3 * PART), Files.readAllBytes(lease.path()));
            }
        }
    }

    @Test
    void acquire_objectReplacedMidDownload_failsInsteadOfMixingVersions() throws Exception {
        ObjectUri uri = put("changing/a", 4 * PART);
        Path dir = newDir();
        try (DiskCache cache = fx.builder(dir).partSize(PART).open()) {
            fx.counting.beforeLaterParts = () -> {
                try {
                    put("changing/a", 4 * PART + 1);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            };
            ObjectStoreUnavailableException e = assertThrows(ObjectStoreUnavailableException.class, () -> cache.acquire(uri));
            assertTrue(e.getMessage().contains("changed during the download"), e.getMessage());
            assertEquals(0, cache.stats().items());
            assertEquals(0, tempFiles(dir));
            try (CacheLease lease = cache.acquire(uri)) {
                assertEquals(4 * PART + 1, lease.size());
            }
        }
    }

    @Test
    void acquire_failedDownload_reachesEveryWaiterAndTheNextCallTriesAgain() throws Exception {
        ObjectUri uri = put("shared-failure/a", 1000);
        try (DiskCache cache = fx.open(newDir(), 1 << 20, 100)) {
            CountDownLatch gate = new CountDownLatch(1);
            fx.counting.gate = gate;
            fx.counting.failWritesWith = new ObjectStoreUnavailableException("store broke off (test)", null);
            List<AtomicReference<Throwable>> outcomes = new ArrayList<>();
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                AtomicReference<Throwable> outcome = new AtomicReference<>();
                outcomes.add(outcome);
                callers.add(Thread.ofPlatform().start(() -> {
                    try {
                        cache.acquire(uri).close();
                    } catch (Throwable t) {
                        outcome.set(t);
                    }
                }));
            }
            // One caller waits at the store's gate, seven wait for its download: no sleeping needed.
            while (callers.stream().anyMatch(t -> t.getState() != Thread.State.WAITING)) {
                Thread.onSpinWait();
            }
            gate.countDown();
            for (Thread t : callers) {
                t.join();
            }
            for (AtomicReference<Throwable> o : outcomes) {
                assertInstanceOf(ObjectStoreUnavailableException.class, o.get());
            }
            assertEquals(1, fx.counting.gets(uri));
            assertEquals(0, cache.stats().items());
            fx.counting.gate = null;
            fx.counting.failWritesWith = null;
            assertTrue(!hit(cache, uri) && hit(cache, uri), "the failure was not cached");
        }
    }

    @Test
    void acquire_interruptedWhileWaitingForAnotherDownload_throwsInterruptedIoAndKeepsTheFlag() throws Exception {
        ObjectUri uri = put("interrupt/a", 1000);
        try (DiskCache cache = fx.open(newDir(), 1 << 20, 100)) {
            CountDownLatch gate = new CountDownLatch(1);
            fx.counting.gate = gate;
            Thread downloader = Thread.ofPlatform().start(() -> {
                try {
                    cache.acquire(uri).close();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            while (downloader.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            AtomicReference<Boolean> flag = new AtomicReference<>();
            Thread waiter = Thread.ofPlatform().start(() -> {
                try {
                    cache.acquire(uri).close();
                } catch (Throwable t) {
                    outcome.set(t);
                    flag.set(Thread.currentThread().isInterrupted());
                }
            });
            while (waiter.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            waiter.interrupt();
            waiter.join();
            assertInstanceOf(java.io.InterruptedIOException.class, outcome.get());
            assertTrue(flag.get());
            gate.countDown();
            downloader.join();
            assertTrue(hit(cache, uri), "the download itself went on for everyone else");
        }
    }

    @Test
    void acquire_downloaderInterrupted_waitersDownloadItThemselves() throws Exception {
        ObjectUri uri = put("interrupt/downloader", 1000);
        try (DiskCache cache = fx.open(newDir(), 1 << 20, 100)) {
            CountDownLatch gate = new CountDownLatch(1);
            fx.counting.gate = gate;
            AtomicReference<Throwable> cancelled = new AtomicReference<>();
            Thread downloader = Thread.ofPlatform().start(() -> {
                try {
                    cache.acquire(uri).close();
                } catch (Throwable t) {
                    cancelled.set(t);
                }
            });
            while (downloader.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            AtomicReference<Boolean> waiterHit = new AtomicReference<>();
            AtomicReference<Throwable> waiterFailure = new AtomicReference<>();
            Thread waiter = Thread.ofPlatform().start(() -> {
                try (CacheLease lease = cache.acquire(uri)) {
                    waiterHit.set(lease.hit());
                } catch (Throwable t) {
                    waiterFailure.set(t);
                }
            });
            while (waiter.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            downloader.interrupt();
            downloader.join();
            assertInstanceOf(java.io.InterruptedIOException.class, cancelled.get());
            while (fx.counting.gets(uri) < 2) { // the waiter took the download over and waits at the gate
                Thread.onSpinWait();
            }
            gate.countDown();
            waiter.join();
            assertEquals(null, waiterFailure.get());
            assertEquals(Boolean.FALSE, waiterHit.get());
            assertTrue(hit(cache, uri));
        }
    }
}
