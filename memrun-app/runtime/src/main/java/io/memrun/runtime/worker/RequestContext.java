package io.memrun.runtime.worker;

import io.memrun.runtime.cache.ObjectLease;
import io.memrun.runtime.cache.StreamingLease;
import io.memrun.runtime.objectstore.ObjectNotFoundException;
import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.sdk.CachedObject;
import io.memrun.sdk.HandlerException;
import io.memrun.sdk.SharedWorkerContext;
import io.memrun.sdk.WorkerRequestContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One request's {@link WorkerRequestContext}. Records whether each {@code getOrFetch} was a hit,
 * and the time spent fetching and decoding, for the reply's cache and timing headers. Closing it
 * releases the request's cache leases.
 */
final class RequestContext implements WorkerRequestContext, AutoCloseable {
    private static final ThreadLocal<RequestContext> CURRENT = new ThreadLocal<>();

    private final String requestId;
    private final int partition;
    private final SharedContext shared;
    private final List<ObjectLease> leases = new ArrayList<>();
    /** Downloads this request decoded while they arrived: their whole time counts as its fetch time. */
    private final List<StreamingLease> streams = new ArrayList<>();
    private int fetches;
    private int misses;
    private long fetchNanos;
    private long decodeNanos;

    RequestContext(String requestId, int partition, SharedContext shared) {
        this.requestId = requestId;
        this.partition = partition;
        this.shared = shared;
    }

    static RequestContext current() {
        return CURRENT.get();
    }

    void bind() {
        CURRENT.set(this);
    }

    @Override
    public CachedObject getOrFetch(String uri) throws IOException {
        return lease(uri, false);
    }

    @Override
    public CachedObject getOrFetchStreaming(String uri) throws IOException {
        return lease(uri, true);
    }

    private CachedObject lease(String uri, boolean streaming) throws IOException {
        ObjectUri parsed;
        try {
            parsed = ObjectUri.parse(uri);
        } catch (IllegalArgumentException e) {
            throw HandlerException.badRequest(e.getMessage());
        }
        long start = System.nanoTime();
        // A miss waits for the store: it does not count against the worker's concurrency meanwhile.
        boolean waits = !shared.disk().probablyCached(parsed);
        if (waits) {
            shared.storeWaits().enter();
        }
        ObjectLease lease = null;
        try {
            lease = streaming ? shared.disk().acquireStreaming(parsed) : shared.disk().acquire(parsed);
            synchronized (this) {
                leases.add(lease);
                if (lease instanceof StreamingLease s) {
                    streams.add(s);
                }
                fetches++;
                if (!lease.hit()) {
                    misses++;
                }
            }
            return lease;
        } catch (ObjectNotFoundException e) {
            throw HandlerException.notFound(e.getMessage());
        } catch (io.memrun.runtime.cache.ObjectTooLargeException | io.memrun.runtime.cache.CacheDiskFullException e) {
            // 507 Insufficient Storage: the object does not fit this worker's disk (budget or free space).
            throw new HandlerException(507, e.getMessage());
        } finally {
            if (waits) {
                shared.storeWaits().exit();
            }
            synchronized (this) {
                if (!(lease instanceof StreamingLease)) { // a streaming download counts whole, in fetchMs
                    fetchNanos += System.nanoTime() - start;
                }
            }
        }
    }

    <T> T timeDecode(SharedWorkerContext.Loader<T> loader) throws Exception {
        long start = System.nanoTime();
        try {
            return loader.load();
        } finally {
            synchronized (this) {
                decodeNanos += System.nanoTime() - start;
            }
        }
    }

    @Override
    public SharedWorkerContext shared() {
        return shared;
    }

    @Override
    public String requestId() {
        return requestId;
    }

    @Override
    public int partition() {
        return partition;
    }

    /** {@code hit} if every fetch was local, {@code miss} if any went to the store, {@code none} if none was made. */
    synchronized String cacheState() {
        return fetches == 0 ? "none" : misses == 0 ? "hit" : "miss";
    }

    /**
     * Time spent fetching: in {@code getOrFetch} calls, plus the whole download of each object
     * decoded while it arrived (which overlaps the decode time).
     */
    synchronized double fetchMs() {
        long nanos = fetchNanos;
        for (StreamingLease s : streams) {
            nanos += s.downloadNanos();
        }
        return nanos / 1e6;
    }

    synchronized double decodeMs() {
        return decodeNanos / 1e6;
    }

    @Override
    public void close() {
        CURRENT.remove();
        synchronized (this) {
            leases.forEach(ObjectLease::close);
            leases.clear();
        }
    }
}
