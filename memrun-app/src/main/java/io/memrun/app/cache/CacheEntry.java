package io.memrun.app.cache;

import java.util.concurrent.atomic.AtomicInteger;

/** One cached object: where it is, how long it is, when it was last used, and how many requests read it now. */
final class CacheEntry {
    private final String uri;
    private final String fileName;
    private final long size;
    private final String etag;
    private volatile long lastAccess;
    private final AtomicInteger pins = new AtomicInteger();

    CacheEntry(String uri, String fileName, long size, String etag, long lastAccess) {
        this.uri = uri;
        this.fileName = fileName;
        this.size = size;
        this.etag = etag;
        this.lastAccess = lastAccess;
    }

    String uri() {
        return uri;
    }

    String fileName() {
        return fileName;
    }

    long size() {
        return size;
    }

    String etag() {
        return etag;
    }

    long lastAccess() {
        return lastAccess;
    }

    void touch(long now) {
        lastAccess = now;
    }

    /** Marks the entry as being read; always succeeds (eviction skips pinned entries). */
    boolean pin() {
        pins.incrementAndGet();
        return true;
    }

    void unpin() {
        pins.decrementAndGet();
    }

    int pins() {
        return pins.get();
    }
}
