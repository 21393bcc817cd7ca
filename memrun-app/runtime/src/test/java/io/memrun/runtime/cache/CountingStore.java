package io.memrun.runtime.cache;

import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectUri;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delegates every call to the real embedded store and counts GETs per object. Not a mock: the
 * bytes always come from S3. Tests can switch on faults that happen <em>after</em> a real GET wrote
 * its bytes: a failing local write (a full disk), a flipped byte (corruption in transit), or a
 * store without range support.
 */
final class CountingStore implements ObjectStore {
    private final ObjectStore delegate;
    private final Map<String, AtomicInteger> gets = new ConcurrentHashMap<>();
    volatile boolean ranges = true;
    volatile IOException failWritesWith;
    volatile boolean flipFirstByte;
    /** If set, every GET waits for it to open first. */
    volatile java.util.concurrent.CountDownLatch gate;
    /** If set, runs once, before the first GET of a part after the first. */
    volatile Runnable beforeLaterParts;
    /** Objects served from another key: for keys a file-backed store cannot hold, such as {@code ../x}. */
    final Map<ObjectUri, ObjectUri> aliases = new ConcurrentHashMap<>();

    CountingStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    /** GET requests (whole or ranged) made for {@code uri} so far. */
    int gets(ObjectUri uri) {
        return counter(uri).get();
    }

    private AtomicInteger counter(ObjectUri uri) {
        return gets.computeIfAbsent(uri.toString(), k -> new AtomicInteger());
    }

    @Override
    public ObjectInfo download(ObjectUri uri, Path target) throws IOException {
        counter(uri).incrementAndGet();
        awaitGate();
        ObjectInfo info = delegate.download(aliases.getOrDefault(uri, uri), target);
        afterWrite(target, 0);
        return info;
    }

    @Override
    public ObjectInfo downloadRange(ObjectUri uri, long offset, long length, Path target, long targetOffset)
            throws IOException {
        if (!ranges) {
            throw new UnsupportedOperationException("ranges switched off by the test");
        }
        counter(uri).incrementAndGet();
        awaitGate();
        if (offset > 0) {
            runOnce();
        }
        ObjectInfo info = delegate.downloadRange(aliases.getOrDefault(uri, uri), offset, length, target, targetOffset);
        afterWrite(target, targetOffset);
        return info;
    }

    private void awaitGate() throws IOException {
        var g = gate;
        if (g != null) {
            try {
                g.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted at the test's gate");
            }
        }
    }

    private synchronized void runOnce() {
        Runnable r = beforeLaterParts;
        beforeLaterParts = null;
        if (r != null) {
            r.run();
        }
    }

    private void afterWrite(Path target, long at) throws IOException {
        IOException fail = failWritesWith;
        if (fail != null) {
            throw fail;
        }
        if (flipFirstByte) {
            try (RandomAccessFile f = new RandomAccessFile(target.toFile(), "rw")) {
                f.seek(at);
                int b = f.read();
                f.seek(at);
                f.write(b ^ 0xFF);
            }
        }
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

    /** Leaves the shared client open: other tests use it. */
    @Override
    public void close() {
    }
}
