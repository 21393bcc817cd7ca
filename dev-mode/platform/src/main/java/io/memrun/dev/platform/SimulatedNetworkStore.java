package io.memrun.dev.platform;

import io.memrun.runtime.objectstore.ObjectUri;

import io.memrun.runtime.objectstore.ObjectStore;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;

/**
 * An {@link ObjectStore} seen across a slower network: every request waits the profile's latency,
 * and transfers share one link of the profile's bandwidth (a transfer reserves its bytes on the
 * link and finishes no earlier than the link allows). Delegates everything else unchanged.
 */
public final class SimulatedNetworkStore implements ObjectStore {
    private final ObjectStore delegate;
    private final NetworkProfile profile;
    private long linkFreeAtNanos;

    public SimulatedNetworkStore(ObjectStore delegate, NetworkProfile profile) {
        this.delegate = delegate;
        this.profile = profile;
    }

    /** Wraps {@code store} unless the profile is local. */
    public static ObjectStore wrap(ObjectStore store, NetworkProfile profile) {
        return profile.isLocal() ? store : new SimulatedNetworkStore(store, profile);
    }

    /** Waits the latency; returns when the first byte arrives, which is when the transfer starts. */
    private long firstByte() throws IOException {
        long at = System.nanoTime() + profile.latency().toNanos();
        sleepNanos(profile.latency().toNanos());
        return at;
    }

    /** Waits until {@code bytes} could have crossed the link, starting no earlier than {@code startNanos}. */
    private void transfer(long bytes, long startNanos) throws IOException {
        if (profile.bytesPerSecond() == Long.MAX_VALUE) {
            return;
        }
        long needed = (long) (bytes * 1e9 / profile.bytesPerSecond());
        long finish;
        synchronized (this) {
            long begin = Math.max(startNanos, linkFreeAtNanos);
            finish = begin + needed;
            linkFreeAtNanos = finish;
        }
        sleepNanos(finish - System.nanoTime());
    }

    private static void sleepNanos(long nanos) throws IOException {
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during a simulated transfer");
        }
    }

    @Override
    public ObjectInfo head(ObjectUri uri) throws IOException {
        firstByte();
        return delegate.head(uri);
    }

    @Override
    public ObjectInfo download(ObjectUri uri, Path target) throws IOException {
        long start = firstByte();
        ObjectInfo info = delegate.download(uri, target);
        transfer(info.size(), start);
        return info;
    }

    @Override
    public ObjectInfo downloadRange(ObjectUri uri, long offset, long length, Path target, long targetOffset) throws IOException {
        long start = firstByte();
        ObjectInfo info = delegate.downloadRange(uri, offset, length, target, targetOffset);
        transfer(length, start);
        return info;
    }

    @Override
    public void upload(ObjectUri uri, Path source) throws IOException {
        long start = firstByte();
        delegate.upload(uri, source);
        transfer(java.nio.file.Files.size(source), start);
    }

    @Override
    public void upload(ObjectUri uri, byte[] bytes) throws IOException {
        long start = firstByte();
        delegate.upload(uri, bytes);
        transfer(bytes.length, start);
    }

    @Override
    public void ensureBucket(String bucket) throws IOException {
        firstByte();
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
