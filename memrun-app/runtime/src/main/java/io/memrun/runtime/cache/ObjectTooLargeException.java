package io.memrun.runtime.cache;

import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.sdk.Sizes;
import java.io.IOException;

/**
 * An object is larger than the whole disk cache, so it can never be cached. Retrying does not
 * help; the service needs a larger {@code disk} (or cache {@code maxSizeBytes}). Nothing was
 * evicted to make room for it.
 */
public final class ObjectTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long size;
    private final long maxBytes;

    /**
     * @param uri the object
     * @param size its length in bytes
     * @param maxBytes the cache's budget
     */
    public ObjectTooLargeException(ObjectUri uri, long size, long maxBytes) {
        super("object " + uri + " is " + Sizes.format(size) + " (" + size + " bytes), larger than the whole cache ("
                + Sizes.format(maxBytes) + "); raise the service's disk or the cache's maxSizeBytes");
        this.size = size;
        this.maxBytes = maxBytes;
    }

    /** The object's length in bytes. */
    public long size() {
        return size;
    }

    /** The cache's budget in bytes. */
    public long maxBytes() {
        return maxBytes;
    }
}
