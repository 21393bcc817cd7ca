package io.memrun.app.cache;

import io.memrun.sdk.CachedObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;

/** A request's hold on a cached object: the file is not evicted until the lease is closed. */
public final class CacheLease implements CachedObject, AutoCloseable {
    private final CacheEntry entry;
    private final Path path;
    private final boolean hit;
    private final AtomicBoolean closed = new AtomicBoolean();

    CacheLease(CacheEntry entry, Path path, boolean hit) {
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

    @Override
    public InputStream open() throws IOException {
        return Files.newInputStream(path);
    }

    @Override
    public ByteBuffer map() throws IOException {
        if (entry.size() > Integer.MAX_VALUE) {
            throw new IOException(entry.uri() + " is over 2 GiB and cannot be mapped as one buffer; read it through path()");
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, entry.size());
        }
    }

    /** Releases the hold; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            entry.unpin();
        }
    }
}
