package io.memrun.runtime.cache;

import io.memrun.sdk.CachedObject;

/**
 * A request's hold on a cached object: the object's file is not deleted until the lease is closed.
 * Either {@link CacheLease} (the object is on disk) or {@link StreamingLease} (it may still be
 * arriving).
 */
public sealed interface ObjectLease extends CachedObject, AutoCloseable permits CacheLease, StreamingLease {
    /** Releases the hold; idempotent. */
    @Override
    void close();
}
