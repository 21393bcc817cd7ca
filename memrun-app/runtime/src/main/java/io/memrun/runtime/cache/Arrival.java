package io.memrun.runtime.cache;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;

/**
 * One download as its bytes land, for a reader that decodes them meanwhile
 * ({@link StreamingLease}): which parts of the file are in (and checked), and how the download
 * ended. Readers block in {@link #map} until the range they want is in, or the download fails.
 *
 * <p>The file is read through a channel opened when the download starts, so that the reader keeps
 * the same bytes when the finished file is renamed into the cache.
 */
final class Arrival implements ObjectFetcher.Progress {
    private final String uri;
    private final long partSize;
    private final BitSet landed = new BitSet();
    private final long createdNanos = System.nanoTime();
    private long endedNanos;
    private long size = -1;
    private FileChannel channel;
    private boolean ended;
    private Throwable failure;
    private boolean closed;

    /**
     * @param uri the object, for messages
     * @param partSize the length of the download's parts, which start at multiples of it
     */
    Arrival(String uri, long partSize) {
        this.uri = uri;
        this.partSize = partSize;
    }

    @Override
    public synchronized void started(Path file, long size) throws IOException {
        if (!closed) {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        }
        this.size = size;
        notifyAll();
    }

    @Override
    public synchronized void landed(long offset, long length) {
        if (length > 0) {
            landed.set(part(offset), part(offset + length - 1) + 1);
            notifyAll();
        }
    }

    /** The download ended: {@code failure} is why it failed, or {@code null}. */
    synchronized void ended(Throwable failure) {
        this.ended = true;
        this.endedNanos = System.nanoTime();
        this.failure = failure;
        notifyAll();
    }

    /**
     * Waits until the object's length is known or the download ended.
     *
     * @return the length, or -1 if the download ended without starting (it found the object cached)
     * @throws IOException the download's failure, as thrown
     */
    synchronized long awaitStart() throws IOException {
        while (size < 0 && !ended) {
            await("its length");
        }
        throwFailure();
        return size;
    }

    /** How long the download took, from its first request to its end (so far, if it runs). */
    synchronized long elapsedNanos() {
        return (ended ? endedNanos : System.nanoTime()) - createdNanos;
    }

    /** The object's length, once {@link #awaitStart} returned it. */
    synchronized long size() {
        return size;
    }

    /**
     * Maps {@code [offset, offset + length)} of the file once those bytes are in.
     *
     * @throws IOException the download's failure, if it failed before they arrived
     */
    ByteBuffer map(long offset, long length) throws IOException {
        FileChannel in;
        synchronized (this) {
            while (length > 0 && !covered(offset, length) && !ended && !closed) {
                await("bytes " + offset + " to " + (offset + length));
            }
            if (length > 0 && !covered(offset, length) && !closed) {
                throwFailure();
                throw new IOException("the download of " + uri + " ended without bytes " + offset
                        + " to " + (offset + length));
            }
            if (closed) {
                throw new IllegalStateException("the lease on " + uri + " is closed");
            }
            in = channel;
        }
        return in.map(FileChannel.MapMode.READ_ONLY, offset, length);
    }

    /** Closes the file; mappings made before stay valid. Idempotent. */
    void close() {
        FileChannel in;
        synchronized (this) {
            closed = true;
            in = channel;
            channel = null;
            notifyAll(); // a reader waiting for bytes gives up: its lease is gone
        }
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // read-only: nothing was lost
            }
        }
    }

    private boolean covered(long offset, long length) {
        int from = part(offset);
        int to = part(offset + length - 1) + 1;
        return landed.nextClearBit(from) >= to;
    }

    private int part(long offset) {
        return Math.toIntExact(offset / partSize);
    }

    private void await(String what) throws InterruptedIOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + what + " of " + uri);
        }
    }

    private void throwFailure() throws IOException {
        if (failure != null) {
            throw Failures.rethrow(failure);
        }
    }
}
