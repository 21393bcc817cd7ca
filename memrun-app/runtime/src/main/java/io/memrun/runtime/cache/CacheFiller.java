package io.memrun.runtime.cache;

import io.memrun.runtime.objectstore.ObjectNotFoundException;
import io.memrun.runtime.objectstore.ObjectStoreUnavailableException;
import io.memrun.runtime.objectstore.ObjectUri;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one missing object into the cache: refuses it if it can never fit, makes room by
 * evicting, downloads and checks it in a temp file, and installs it. On any failure nothing is
 * added, the room is given back and the temp file is deleted. Callers make sure only one fill per
 * object runs at a time.
 */
final class CacheFiller {
    private static final Logger LOG = LoggerFactory.getLogger(CacheFiller.class);

    private final CacheDirectory files;
    private final LruIndex index;
    private final ObjectFetcher fetcher;
    private final LongSupplier clock;
    private final LongSupplier usableSpace;
    private final long maxBytes;
    private final Consumer<List<CacheEntry>> evicted;
    private final LongAdder bytesFetched = new LongAdder();

    CacheFiller(CacheDirectory files, LruIndex index, ObjectFetcher fetcher, LongSupplier clock,
                LongSupplier usableSpace, long maxBytes, Consumer<List<CacheEntry>> evicted) {
        this.files = files;
        this.index = index;
        this.fetcher = fetcher;
        this.clock = clock;
        this.usableSpace = usableSpace;
        this.maxBytes = maxBytes;
        this.evicted = evicted;
    }

    /** Downloads and installs {@code uri}; returns its new entry, pinned for the caller. */
    CacheEntry fill(ObjectUri uri) throws IOException {
        return fill(uri, CacheKeys.newBaseName(uri.toString()), ObjectFetcher.Progress.NONE);
    }

    /**
     * Downloads and installs {@code uri} under {@code baseName}, telling {@code progress} how the
     * download advances; returns its new entry, pinned for the caller.
     *
     * @param progress told of the temporary file the download writes and of the bytes landing in it
     */
    CacheEntry fill(ObjectUri uri, String baseName, ObjectFetcher.Progress progress) throws IOException {
        String key = uri.toString();
        Path tmp = files.newTempFile();
        long[] reserved = {-1};
        try {
            ObjectFetcher.Fetched f = fetcher.fetch(uri, tmp, (size, remaining) -> {
                admit(uri, size, remaining);
                reserved[0] = size;
            }, progress);
            long now = clock.getAsLong();
            CacheEntry e = CacheEntry.downloaded(new EntryRecord(key, baseName, f.size(), f.etag(),
                    now, now, f.crc32c()));
            e.pin();
            files.install(tmp, e);
            e.markVerified(files.modified(e)); // checked on arrival; a later rewrite in place changes this time
            CacheEntry old = index.install(e, reserved[0]);
            reserved[0] = -1;
            if (old != null && old.retire()) {
                files.delete(old.baseName());
            }
            bytesFetched.add(f.size());
            return e;
        } catch (IOException ex) {
            throw diskFullOr(ex, uri);
        } finally {
            if (reserved[0] >= 0) {
                index.unreserve(reserved[0]);
            }
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ex) {
                LOG.debug("cache {}: could not delete {}", files, tmp, ex);
            }
        }
    }

    /** Bytes downloaded by fills that succeeded. */
    long bytesFetched() {
        return bytesFetched.sum();
    }

    private void admit(ObjectUri uri, long size, long remaining) throws IOException {
        if (size > maxBytes) {
            throw new ObjectTooLargeException(uri, size, maxBytes); // before evicting anything for it
        }
        evicted.accept(index.reserve(size));
        long usable = usableSpace.getAsLong();
        if (usable < remaining) {
            index.unreserve(size);
            throw new CacheDiskFullException(uri, remaining, usable);
        }
    }

    /** A local write failure on a file system without room is reported as such; anything else as it was. */
    private IOException diskFullOr(IOException e, ObjectUri uri) {
        if (e instanceof ObjectStoreUnavailableException || e instanceof ObjectNotFoundException
                || e instanceof ObjectTooLargeException || e instanceof CacheDiskFullException
                || e instanceof InterruptedIOException) {
            return e;
        }
        long usable = usableSpace.getAsLong();
        boolean noSpace = String.valueOf(e.getMessage()).contains("No space left")
                || usable < DiskCacheBuilder.DEFAULT_PART_SIZE;
        return noSpace ? new CacheDiskFullException(uri, usable, e) : e;
    }
}
