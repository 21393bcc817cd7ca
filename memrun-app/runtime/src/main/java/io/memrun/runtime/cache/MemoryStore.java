package io.memrun.runtime.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.memrun.sdk.SharedWorkerContext;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;

/**
 * The in-memory store of decoded structures behind {@link SharedWorkerContext}: bounded by the
 * service's declared memory, each value weighted by its declared size ({@link
 * SharedWorkerContext.Weighted}; others count {@value #DEFAULT_WEIGHT_BYTES} bytes). Caffeine's
 * W-TinyLFU decides what stays, which keeps a frequently used structure resident through a burst
 * of one-off ones where plain LRU would not.
 *
 * <p>Weights are kept in KiB so that a single value of up to 2 TiB is weighed correctly (Caffeine
 * weights are {@code int}s). A value larger than the whole budget is returned to its caller but
 * not kept.
 */
public final class MemoryStore {
    /** What a value that does not declare its size counts against the budget. */
    public static final long DEFAULT_WEIGHT_BYTES = 1024;

    private static final long UNIT = 1024;

    private final AsyncCache<String, Object> cache;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    /**
     * A store whose eviction runs on the thread that adds a value, so memory is back under budget
     * when {@link #getOrCompute} returns instead of whenever a pool thread gets to it.
     *
     * @param maxBytes the memory budget, usually the service's declared {@code memory}
     */
    public MemoryStore(long maxBytes) {
        this(maxBytes, Runnable::run);
    }

    /**
     * @param maxBytes the memory budget; must be positive
     * @param executor runs Caffeine's maintenance (eviction and removal)
     */
    public MemoryStore(long maxBytes, Executor executor) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        this.cache = Caffeine.newBuilder()
                .maximumWeight(Math.max(1, maxBytes / UNIT))
                .weigher((String k, Object v) -> weight(v))
                .executor(Objects.requireNonNull(executor, "executor"))
                .buildAsync();
    }

    private static int weight(Object value) {
        long bytes = value instanceof SharedWorkerContext.Weighted w ? w.weightBytes() : DEFAULT_WEIGHT_BYTES;
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (bytes + UNIT - 1) / UNIT));
    }

    /**
     * Returns the value for {@code key}, computing it with {@code loader} on the calling thread if
     * absent.
     *
     * <p>Atomic per key: of concurrent callers for an absent key, one runs the loader, once; the
     * others wait for its result (and count as hits). If the loader throws or returns {@code null},
     * nothing is stored, every waiting caller gets the same exception, and the next call runs the
     * loader again. A loader must not ask for its own key (that would wait for itself forever);
     * it gets an {@link IllegalStateException} instead.
     *
     * @throws Exception whatever the loader threw
     * @throws IllegalStateException if the loader returned {@code null} or asked for its own key
     * @throws InterruptedException if interrupted while waiting for another caller's load
     */
    @SuppressWarnings("unchecked")
    public <T> T getOrCompute(String key, SharedWorkerContext.Loader<T> loader) throws Exception {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(loader, "loader");
        Load mine = new Load();
        CompletableFuture<Object> existing = cache.asMap().putIfAbsent(key, mine);
        if (existing != null) {
            if (existing instanceof Load l && l.owner == Thread.currentThread() && !l.isDone()) {
                throw new IllegalStateException("the loader for '" + key + "' asked for '" + key + "' itself");
            }
            hits.increment();
            return (T) await(existing);
        }
        misses.increment();
        try {
            T value = loader.load();
            if (value == null) {
                throw new IllegalStateException("the loader for '" + key + "' returned null");
            }
            mine.complete(value);
            return value;
        } catch (Exception | Error e) {
            cache.asMap().remove(key, mine);
            // Completing normally with a marker, not exceptionally: Caffeine would log every
            // failed load with a stack trace, and the failure belongs to the caller, not the log.
            mine.complete(new Failed(e));
            throw e;
        }
    }

    private static Object await(CompletableFuture<Object> f) throws Exception {
        Object value;
        try {
            value = f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
        if (value instanceof Failed failed) {
            if (failed.cause() instanceof Error err) {
                throw err;
            }
            throw (Exception) failed.cause();
        }
        return value;
    }

    /** The outcome of a load that threw; never stored (it is removed before it completes). */
    private record Failed(Throwable cause) {
    }

    /** Drops the value for {@code key}, if any; a load in progress for it still completes for its waiters. */
    public void invalidate(String key) {
        cache.synchronous().invalidate(key);
    }

    /** Calls answered from memory, including those that waited for another caller's load. */
    public long hits() {
        return hits.sum();
    }

    /** Calls that ran their loader. */
    public long misses() {
        return misses.sum();
    }

    /** The declared bytes of the values held now (rounded up to KiB each). */
    public long weightedBytes() {
        return cache.synchronous().policy().eviction().orElseThrow().weightedSize().orElse(0) * UNIT;
    }

    /** Runs pending maintenance (eviction) now; for tests with a deferred executor. */
    void cleanUp() {
        cache.synchronous().cleanUp();
    }

    /** A load in progress, remembering whose, to catch a loader that asks for its own key. */
    private static final class Load extends CompletableFuture<Object> {
        private final Thread owner = Thread.currentThread();
    }
}
