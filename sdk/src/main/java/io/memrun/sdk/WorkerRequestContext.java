package io.memrun.sdk;

import java.io.IOException;

/**
 * One request's view of the worker serving it. Valid only while the handler runs.
 */
public interface WorkerRequestContext {
    /**
     * Returns the object at {@code uri} from the worker's local disk cache, fetching it from
     * object storage only if it is not there.
     *
     * <p>Atomic per object: concurrent calls for the same missing object download it once; the
     * others wait for that download. A download goes to a temporary file whose length is checked
     * before it is renamed into place, so a partial download is never served. The returned
     * object's file is not deleted before this request ends. If the download fails, nothing is
     * cached, the exception reaches every waiting caller, and the next call tries again.
     *
     * @param uri {@code s3://bucket/key}
     * @return the object's local bytes
     * @throws HandlerException 400 if the URI is malformed, 404 if the object does not exist
     * @throws IOException if the store cannot be reached or the local disk fails
     */
    CachedObject getOrFetch(String uri) throws IOException;

    /**
     * Like {@link #getOrFetch}, but on a miss returns once the first part of the object has arrived
     * (16 MiB by default; an object no longer than that, once it is whole and checked), while the
     * rest is still arriving, so that decoding can overlap the download: the returned object's
     * {@link CachedObject#map(long, long)} (and so {@link ParallelDecode} and a
     * {@link DecodedForm} built on it) waits only for the bytes it reads, while its
     * {@link CachedObject#path()}, {@link CachedObject#open()} and {@link CachedObject#map()} wait
     * for the whole object. The same checks apply as to {@code getOrFetch}: if the download fails
     * (or its bytes fail the checks at the end), whatever waits throws that failure, including
     * {@link CachedObject#decoded} after a decode that already read the bytes; nothing is cached
     * then. A hit returns the local object, as {@code getOrFetch} does.
     *
     * <pre>{@code
     * CachedObject file = ctx.getOrFetchStreaming(uri);   // returns after the first part
     * Table t = ctx.shared().getOrCompute(uri + ":" + file.size(), () -> file.decoded(Table.FORM));
     * }</pre>
     *
     * <p>The default calls {@code getOrFetch}: correct, without the overlap.
     *
     * @param uri {@code s3://bucket/key}
     * @return the object, possibly still arriving
     * @throws HandlerException 400 if the URI is malformed, 404 if the object does not exist
     * @throws IOException if the store cannot be reached or the local disk fails before the first
     *     bytes arrive
     */
    default CachedObject getOrFetchStreaming(String uri) throws IOException {
        return getOrFetch(uri);
    }

    /** What this worker keeps across requests: the in-memory store of decoded structures. */
    SharedWorkerContext shared();

    /** The request id (unique per client request; a redelivered request keeps its id). */
    String requestId();

    /** The Kafka partition this request came from. */
    int partition();
}
