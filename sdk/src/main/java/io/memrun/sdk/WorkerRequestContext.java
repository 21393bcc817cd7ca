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

    /** What this worker keeps across requests: the in-memory store of decoded structures. */
    SharedWorkerContext shared();

    /** The request id (unique per client request; a redelivered request keeps its id). */
    String requestId();

    /** The Kafka partition this request came from. */
    int partition();
}
