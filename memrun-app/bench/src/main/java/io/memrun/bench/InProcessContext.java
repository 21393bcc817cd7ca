package io.memrun.bench;

import io.memrun.runtime.cache.DiskCache;
import io.memrun.runtime.cache.MemoryStore;
import io.memrun.runtime.cache.ObjectLease;
import io.memrun.runtime.cache.StreamingLease;
import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.sdk.CachedObject;
import io.memrun.sdk.HandlerException;
import io.memrun.sdk.SharedWorkerContext;
import io.memrun.sdk.WorkerRequestContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A request context for calling a handler directly, without the worker, over a given disk cache
 * and memory store, timing what the handler spends fetching and decoding and remembering which
 * memory-store keys it used. With no memory store, every {@code getOrCompute} runs its loader:
 * caching is off, as in a stateless function. Not thread-safe: one request at a time.
 */
final class InProcessContext implements WorkerRequestContext, SharedWorkerContext, AutoCloseable {
    private final DiskCache disk;
    private final MemoryStore memory;
    private final String requestId;
    private final int partition;
    private final String workerId;
    private final String serviceName;
    private final List<ObjectLease> leases = new ArrayList<>();
    private final List<StreamingLease> streams = new ArrayList<>();
    private final List<String> keys = new ArrayList<>();
    private final boolean streaming;
    private long fetchNanos;
    private long decodeNanos;

    /**
     * @param memory the memory store, or {@code null} to run every loader (no caching)
     */
    InProcessContext(DiskCache disk, MemoryStore memory, String requestId, int partition, String workerId,
                     String serviceName) {
        this(disk, memory, requestId, partition, workerId, serviceName, true);
    }

    /**
     * @param memory the memory store, or {@code null} to run every loader (no caching)
     * @param streaming false to answer {@code getOrFetchStreaming} as {@code getOrFetch} does (whole
     *     objects only), to compare the two
     */
    InProcessContext(DiskCache disk, MemoryStore memory, String requestId, int partition, String workerId,
                     String serviceName, boolean streaming) {
        this.streaming = streaming;
        this.disk = disk;
        this.memory = memory;
        this.requestId = requestId;
        this.partition = partition;
        this.workerId = workerId;
        this.serviceName = serviceName;
    }

    @Override
    public CachedObject getOrFetch(String uri) throws IOException {
        return lease(uri, false);
    }

    @Override
    public CachedObject getOrFetchStreaming(String uri) throws IOException {
        return lease(uri, streaming);
    }

    private CachedObject lease(String uri, boolean streaming) throws IOException {
        ObjectUri parsed;
        try {
            parsed = ObjectUri.parse(uri);
        } catch (IllegalArgumentException e) {
            throw HandlerException.badRequest(e.getMessage());
        }
        long t0 = System.nanoTime();
        ObjectLease lease = streaming ? disk.acquireStreaming(parsed) : disk.acquire(parsed);
        if (lease instanceof StreamingLease s) {
            streams.add(s); // its whole download counts, in fetchMs
        } else {
            fetchNanos += System.nanoTime() - t0;
        }
        leases.add(lease);
        return lease;
    }

    @Override
    public <T> T getOrCompute(String key, Loader<T> loader) throws Exception {
        keys.add(key);
        if (memory == null) {
            return timed(loader);
        }
        return memory.getOrCompute(key, () -> timed(loader));
    }

    private <T> T timed(Loader<T> loader) throws Exception {
        long t0 = System.nanoTime();
        try {
            return loader.load();
        } finally {
            decodeNanos += System.nanoTime() - t0;
        }
    }

    @Override
    public void invalidate(String key) {
        if (memory != null) {
            memory.invalidate(key);
        }
    }

    @Override
    public SharedWorkerContext shared() {
        return this;
    }

    @Override
    public String requestId() {
        return requestId;
    }

    @Override
    public int partition() {
        return partition;
    }

    @Override
    public String workerId() {
        return workerId;
    }

    @Override
    public String serviceName() {
        return serviceName;
    }

    /**
     * Time spent fetching, ms: in {@code getOrFetch}, plus the whole download of each object decoded
     * while it arrived (overlapping the decode time), as the worker's Server-Timing counts it.
     */
    double fetchMs() {
        long nanos = fetchNanos;
        for (StreamingLease s : streams) {
            nanos += s.downloadNanos();
        }
        return nanos / 1e6;
    }

    /** Time spent in loaders, ms. */
    double decodeMs() {
        return decodeNanos / 1e6;
    }

    /** The memory-store keys the handler asked for, in order. */
    List<String> keys() {
        return List.copyOf(keys);
    }

    /** Releases the request's cache leases. */
    @Override
    public void close() {
        leases.forEach(ObjectLease::close);
        leases.clear();
    }
}
