package io.memrun.runtime.cache;

import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.sdk.Sizes;
import java.io.IOException;

/**
 * The cache's file system has no room for an object, even after evicting every entry that no
 * request is reading. The request that needed the object fails; the cache itself stays
 * consistent (the partial download is deleted, no entry is added) and serves other requests. A
 * later request may succeed once space frees up.
 */
public final class CacheDiskFullException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Found before writing: the file system reports less room than the object needs. */
    CacheDiskFullException(ObjectUri uri, long needed, long usable) {
        super("cache disk is full: " + uri + " needs " + Sizes.format(needed) + " more but only "
                + Sizes.format(Math.max(0, usable)) + " is free; free disk space or lower the cache's maxSizeBytes");
    }

    /** Found while writing: {@code cause} is the write failure. */
    CacheDiskFullException(ObjectUri uri, long usable, IOException cause) {
        super("cache disk is full while downloading " + uri + " (" + Sizes.format(Math.max(0, usable))
                + " free): free disk space or lower the cache's maxSizeBytes", cause);
    }
}
