package io.memrun.runtime.cache;

import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectStore.ObjectInfo;
import io.memrun.runtime.objectstore.ObjectStoreUnavailableException;
import io.memrun.runtime.objectstore.ObjectUri;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * Downloads one object into a file and checks what arrived. The first GET asks for the first part
 * (a ranged GET of {@code partSize} bytes), which is the whole object when it is small and tells
 * the total length and entity tag when it is not; the remaining parts are then fetched by up to
 * {@code parallelism} ranged GETs at once, each writing straight into its region of the
 * preallocated file. No object ever sits in the heap as a whole.
 *
 * <p>Checks: every part must report the same total length and entity tag as the first (an object
 * replaced mid-download fails rather than mixing two versions); the file must end up exactly that
 * long; and for objects up to {@value #MD5_MAX_BYTES} bytes whose entity tag is a plain MD5 (a
 * single-part upload), the MD5 of the bytes must equal it. Larger objects are not hashed with MD5:
 * at about 0.6 GB/s it would cost more than the download. Every object gets a CRC-32C, which later
 * processes use to check the file on first use: each part's is computed by the thread that fetched
 * it, right after its bytes landed (so in parallel, from the page cache), and the parts' are then
 * combined ({@link Crc32cCombine}) rather than read the whole file again after the download.
 */
final class ObjectFetcher {
    /** Objects up to this length are checked against an MD5 entity tag. */
    static final long MD5_MAX_BYTES = 16L << 20;

    private static final Pattern MD5 = Pattern.compile("[0-9a-f]{32}");

    private final ObjectStore store;
    private final long partSize;
    private final int parallelism;

    ObjectFetcher(ObjectStore store, long partSize, int parallelism) {
        this.store = store;
        this.partSize = partSize;
        this.parallelism = parallelism;
    }

    /** Told the object's length as soon as it is known, before most of its bytes are written. */
    @FunctionalInterface
    interface Admission {
        /**
         * @param size the object's length
         * @param remaining bytes not yet written
         * @throws IOException to refuse the object; the download stops
         */
        void admit(long size, long remaining) throws IOException;
    }

    /**
     * Told how a download advances, for readers that use its bytes before it ends ({@link Arrival}).
     * A range is reported only once its bytes are in the file and passed the per-part checks.
     */
    interface Progress {
        /** Reports nothing. */
        Progress NONE = new Progress() {
        };

        /**
         * The download writes {@code file}, {@code size} bytes long now (preallocated); no bytes but
         * those reported are final.
         */
        default void started(Path file, long size) throws IOException {
        }

        /** The bytes {@code [offset, offset + length)} are in the file, checked. */
        default void landed(long offset, long length) {
        }
    }

    /**
     * A checked download.
     *
     * @param size its length
     * @param etag the store's entity tag without quotes, or {@code null}
     * @param crc32c the CRC-32C of the bytes
     * @param requests how many GETs it took
     */
    record Fetched(long size, String etag, long crc32c, int requests) {
    }

    /** Downloads {@code uri} into {@code target}, an existing empty file. */
    Fetched fetch(ObjectUri uri, Path target, Admission admission) throws IOException {
        return fetch(uri, target, admission, Progress.NONE);
    }

    /** Downloads {@code uri} into {@code target}, an existing empty file, reporting its progress. */
    Fetched fetch(ObjectUri uri, Path target, Admission admission, Progress progress) throws IOException {
        ObjectInfo first;
        try {
            first = store.downloadRange(uri, 0, partSize, target, 0);
        } catch (UnsupportedOperationException e) {
            ObjectInfo whole = store.download(uri, target);
            admission.admit(whole.size(), 0);
            return whole(uri, target, whole, progress);
        }
        long size = first.size();
        admission.admit(size, Math.max(0, size - partSize));
        if (size <= partSize) {
            return whole(uri, target, first, progress);
        }
        try (RandomAccessFile f = new RandomAccessFile(target.toFile(), "rw")) {
            f.setLength(size);
        }
        progress.started(target, size);
        long[] partCrcs = new long[(int) ((size + partSize - 1) / partSize)];
        partCrcs[0] = FileChecksum.crc32c(target, 0, partSize);
        progress.landed(0, partSize);
        int requests = 1 + fetchRest(uri, target, first, partCrcs, progress);
        long crc = partCrcs[0];
        for (int i = 1; i < partCrcs.length; i++) {
            crc = Crc32cCombine.combine(crc, partCrcs[i], Math.min(partSize, size - i * partSize));
        }
        return verify(uri, target, first, requests, crc);
    }

    /** An object that arrived in one GET: checked whole, then reported as landed. */
    private static Fetched whole(ObjectUri uri, Path target, ObjectInfo info, Progress progress) throws IOException {
        Fetched fetched = verify(uri, target, info, 1, -1);
        progress.started(target, fetched.size());
        progress.landed(0, fetched.size());
        return fetched;
    }

    private int fetchRest(ObjectUri uri, Path target, ObjectInfo first, long[] partCrcs, Progress progress)
            throws IOException {
        long size = first.size();
        String etag = normalize(first.etag());
        int parts = partCrcs.length - 1;
        AtomicLong next = new AtomicLong(partSize);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < Math.min(parallelism, parts); i++) {
            workers.add(Thread.ofVirtual().name("memrun-fetch-" + i).start(() -> {
                try {
                    long off;
                    while (failure.get() == null && (off = next.getAndAdd(partSize)) < size) {
                        long length = Math.min(partSize, size - off);
                        ObjectInfo part = store.downloadRange(uri, off, length, target, off);
                        if (part.size() != size || !Objects.equals(normalize(part.etag()), etag)) {
                            throw new ObjectStoreUnavailableException("object " + uri + " changed during the download ("
                                    + size + " bytes, ETag " + etag + ", then " + part.size() + " bytes, ETag "
                                    + normalize(part.etag()) + "); try again", null);
                        }
                        partCrcs[(int) (off / partSize)] = FileChecksum.crc32c(target, off, length);
                        progress.landed(off, length);
                    }
                } catch (IOException | RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        joinAll(workers, failure);
        Throwable t = failure.get();
        if (t != null) {
            throw Failures.rethrow(t);
        }
        return parts;
    }

    /** Waits for every worker; an interrupt stops them all (they still finish before this returns). */
    private static void joinAll(List<Thread> workers, AtomicReference<Throwable> failure) {
        boolean interrupted = false;
        for (Thread w : workers) {
            while (w.isAlive()) {
                try {
                    w.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                    failure.compareAndSet(null, new InterruptedIOException("interrupted while downloading"));
                    workers.forEach(Thread::interrupt);
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Checks the file's length and, for a small single-part object, its MD5; {@code crc32c} is the
     * parts' combined checksum, or -1 to compute it here (one part).
     */
    private static Fetched verify(ObjectUri uri, Path file, ObjectInfo info, int requests, long crc32c) throws IOException {
        long actual = Files.size(file);
        if (actual != info.size()) {
            throw new ObjectStoreUnavailableException("download of " + uri + " is incomplete: " + actual + " of "
                    + info.size() + " bytes", null);
        }
        String etag = normalize(info.etag());
        boolean md5 = etag != null && MD5.matcher(etag).matches() && actual <= MD5_MAX_BYTES;
        if (!md5 && crc32c >= 0) {
            return new Fetched(actual, etag, crc32c, requests);
        }
        FileChecksum sum = FileChecksum.of(file, actual, md5);
        if (md5 && !etag.equals(sum.md5())) {
            throw new ObjectStoreUnavailableException("download of " + uri + " is corrupt: its MD5 is " + sum.md5()
                    + " but the store's ETag is " + etag, null);
        }
        return new Fetched(actual, etag, sum.crc32c(), requests);
    }

    private static String normalize(String etag) {
        if (etag == null) {
            return null;
        }
        String e = etag.strip();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e.toLowerCase(Locale.ROOT);
    }
}
