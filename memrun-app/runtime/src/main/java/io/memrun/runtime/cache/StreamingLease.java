package io.memrun.runtime.cache;

import io.memrun.sdk.CachedObject;
import io.memrun.sdk.DecodedForm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A lease on an object whose bytes may still be arriving ({@link DiskCache#acquireStreaming}).
 * {@link #map(long, long)} waits for the bytes it maps; everything that needs the whole object
 * waits for the download and then acts as the {@link CacheLease} it produced, which this lease
 * holds until it is closed. A structure decoded from the arriving bytes is kept only if the download
 * succeeds; otherwise its failure is thrown instead.
 */
public final class StreamingLease implements ObjectLease {
    private final DiskCache cache;
    private final String uri;
    private final String baseName;
    private final long size;
    private final Arrival arrival;
    private final CompletableFuture<CacheLease> whole;
    private final AtomicBoolean closed = new AtomicBoolean();

    StreamingLease(DiskCache cache, String uri, String baseName, long size, Arrival arrival,
                   CompletableFuture<CacheLease> whole) {
        this.cache = cache;
        this.uri = uri;
        this.baseName = baseName;
        this.size = size;
        this.arrival = arrival;
        this.whole = whole;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public long size() {
        return size;
    }

    /** Always false: the object was not on disk when the lease was taken. */
    @Override
    public boolean hit() {
        return false;
    }

    /** {@inheritDoc} Waits for the whole object. */
    @Override
    public Path path() {
        try {
            return whole().path();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@inheritDoc} Waits for the whole object. */
    @Override
    public InputStream open() throws IOException {
        return whole().open();
    }

    /** {@inheritDoc} Waits for the whole object. */
    @Override
    public ByteBuffer map() throws IOException {
        return whole().map();
    }

    /** {@inheritDoc} Waits only for these bytes. */
    @Override
    public ByteBuffer map(long offset, long length) throws IOException {
        ensureOpen();
        CachedObject.checkRange(offset, length, size);
        return arrival.map(offset, length);
    }

    @Override
    public <T> T decoded(DecodedForm<T> form) throws Exception {
        ensureOpen();
        CacheLease done = whole.isDone() && !whole.isCompletedExceptionally() ? whole.join() : null;
        if (done != null) {
            return done.decoded(form);
        }
        return cache.decoded(this, baseName, new DiskCache.EntryRef() {
            @Override
            public CacheEntry now() {
                return whole.isDone() && !whole.isCompletedExceptionally() ? whole.join().entry() : null;
            }

            @Override
            public CacheEntry await() throws IOException {
                return whole().entry();
            }
        }, form);
    }

    /**
     * How long the download took, from its first request until it was checked and installed (so far,
     * if it still runs): the fetch time of a request that decoded meanwhile.
     */
    public long downloadNanos() {
        return arrival.elapsedNanos();
    }

    /** Releases the hold: now if the download ended, else when it does. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            arrival.close();
            whole.thenAccept(CacheLease::close);
        }
    }

    /** The download's lease, once it ended; its failure if it failed. */
    private CacheLease whole() throws IOException {
        ensureOpen();
        return DiskCache.await(uri, whole);
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the lease on " + uri + " is closed");
        }
    }
}
