package io.memrun.bench.jmh;

import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectUri;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A store seen the way S3 looks from one VM: each GET waits a first-byte latency and then moves
 * at most {@code bytesPerSecond} on its own connection, while several connections together go
 * faster (S3 throughput scales with parallel requests; a single stream does not). Only GETs are
 * shaped; the bytes still come from the delegate.
 */
final class PerConnectionLink implements ObjectStore {
    private final ObjectStore delegate;
    private final Duration latency;
    private final long bytesPerSecond;

    PerConnectionLink(ObjectStore delegate, Duration latency, long bytesPerSecond) {
        this.delegate = delegate;
        this.latency = latency;
        this.bytesPerSecond = bytesPerSecond;
    }

    private void shape(long start, long bytes) {
        long until = start + latency.toNanos() + (long) (bytes * 1e9 / bytesPerSecond);
        for (long left; (left = until - System.nanoTime()) > 0;) {
            LockSupport.parkNanos(left);
        }
    }

    @Override
    public ObjectInfo download(ObjectUri uri, Path target) throws IOException {
        long start = System.nanoTime();
        ObjectInfo info = delegate.download(uri, target);
        shape(start, info.size());
        return info;
    }

    @Override
    public ObjectInfo downloadRange(ObjectUri uri, long offset, long length, Path target, long targetOffset)
            throws IOException {
        long start = System.nanoTime();
        ObjectInfo info = delegate.downloadRange(uri, offset, length, target, targetOffset);
        shape(start, Math.max(0, Math.min(length, info.size() - offset)));
        return info;
    }

    @Override
    public ObjectInfo head(ObjectUri uri) throws IOException {
        return delegate.head(uri);
    }

    @Override
    public void upload(ObjectUri uri, Path source) throws IOException {
        delegate.upload(uri, source);
    }

    @Override
    public void upload(ObjectUri uri, byte[] bytes) throws IOException {
        delegate.upload(uri, bytes);
    }

    @Override
    public void ensureBucket(String bucket) throws IOException {
        delegate.ensureBucket(bucket);
    }

    @Override
    public void ping() throws IOException {
        delegate.ping();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
