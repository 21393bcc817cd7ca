package io.memrun.runtime.cache;

import io.memrun.sdk.CachedObject;
import io.memrun.sdk.DecodedForm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request's hold on a cached object. Until the lease is closed, the file at {@link #path()} is
 * neither evicted, expired away nor replaced: a refetch of the same object goes to a new file.
 * Close it when the request ends (the worker does this for handlers).
 */
public final class CacheLease implements ObjectLease {
    private final DiskCache cache;
    private final CacheEntry entry;
    private final Path path;
    private final boolean hit;
    private final AtomicBoolean closed = new AtomicBoolean();

    CacheLease(DiskCache cache, CacheEntry entry, Path path, boolean hit) {
        this.cache = cache;
        this.entry = entry;
        this.path = path;
        this.hit = hit;
    }

    @Override
    public String uri() {
        return entry.uri();
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public long size() {
        return entry.size();
    }

    @Override
    public boolean hit() {
        return hit;
    }

    /** {@inheritDoc} @throws IllegalStateException if the lease is closed */
    @Override
    public InputStream open() throws IOException {
        ensureOpen();
        return Files.newInputStream(path);
    }

    /**
     * Maps the whole file read-only; the mapping stays valid after the lease is closed (the
     * operating system keeps the bytes until it is unmapped), but the path may not.
     *
     * @throws IOException if the object is over 2 GiB (read it through {@link #path()}) or the file cannot be mapped
     * @throws IllegalStateException if the lease is closed
     */
    @Override
    public ByteBuffer map() throws IOException {
        ensureOpen();
        if (entry.size() > Integer.MAX_VALUE) {
            throw new IOException(entry.uri() + " is over 2 GiB and cannot be mapped as one buffer; read it through path()");
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, entry.size());
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if the lease is closed
     */
    @Override
    public ByteBuffer map(long offset, long length) throws IOException {
        ensureOpen();
        return ObjectLease.super.map(offset, length);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if the lease is closed
     */
    @Override
    public <T> T decoded(DecodedForm<T> form) throws Exception {
        ensureOpen();
        return cache.decoded(this, entry.baseName(), DiskCache.EntryRef.of(entry), form);
    }

    /** The entry this lease holds. */
    CacheEntry entry() {
        return entry;
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the lease on " + entry.uri() + " is closed");
        }
    }

    /** Releases the hold; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            cache.release(entry);
        }
    }
}
