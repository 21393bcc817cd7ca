package io.memrun.app.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.memrun.sdk.SharedWorkerContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory store of decoded structures, bounded by the service's memory and weighted by each
 * value's declared size. Caffeine's W-TinyLFU decides what stays.
 */
public final class MemoryStore {
    private static final long DEFAULT_WEIGHT = 1024;

    private final AsyncCache<String, Object> cache;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    /** @param maxBytes the memory budget, usually the service's declared {@code memory} */
    public MemoryStore(long maxBytes) {
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String k, Object v) -> (int) Math.min(Integer.MAX_VALUE, Math.max(1, weight(v))))
                .executor(Runnable::run)
                .buildAsync();
    }

    private static long weight(Object value) {
        return value instanceof SharedWorkerContext.Weighted w ? w.weightBytes() : DEFAULT_WEIGHT;
    }

    /**
     * Returns the value for {@code key}, running {@code loader} on the calling thread if absent;
     * concurrent callers for the same key wait for that one run. A failed load is not kept.
     */
    @SuppressWarnings("unchecked")
    public <T> T getOrCompute(String key, SharedWorkerContext.Loader<T> loader) throws Exception {
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> existing = cache.asMap().putIfAbsent(key, mine);
        if (existing != null) {
            hits.incrementAndGet();
            return (T) unwrap(existing);
        }
        misses.incrementAndGet();
        try {
            T value = loader.load();
            if (value == null) {
                throw new IllegalStateException("loader for '" + key + "' returned null");
            }
            mine.complete(value);
            return value;
        } catch (Exception | Error e) {
            cache.asMap().remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private static Object unwrap(CompletableFuture<Object> f) throws Exception {
        try {
            return f.get();
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    /** Drops a key. */
    public void invalidate(String key) {
        cache.synchronous().invalidate(key);
    }

    public long hits() {
        return hits.get();
    }

    public long misses() {
        return misses.get();
    }
}
