package io.memrun.app.cache;

import io.memrun.app.objectstore.ObjectNotFoundException;
import io.memrun.app.objectstore.ObjectStore;
import io.memrun.app.objectstore.ObjectUri;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's disk cache of objects from the object store: one file per object under one
 * directory, evicted least-recently-used by bytes and by count, with its index persisted to
 * {@code index.json}.
 *
 * <p>Guarantees: a concurrent miss on one object downloads it once (the others wait); a download
 * lands in a temp file, is length-checked and renamed into place, so a partial file is never
 * served; a file whose length no longer matches the index is treated as a miss; an object
 * leased by a running request is never evicted under it.
 */
public final class DiskCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DiskCache.class);

    private final Path dir;
    private final long maxBytes;
    private final int maxItems;
    private final ObjectStore store;
    private final LongSupplier clock;
    private final Map<String, CacheEntry> entries = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<CacheEntry>> downloads = new ConcurrentHashMap<>();
    private final AtomicLong bytesOnDisk = new AtomicLong();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong bytesFetched = new AtomicLong();
    private final AtomicLong evictions = new AtomicLong();
    private final CacheIndexFile indexFile;

    /**
     * Opens (or creates) a cache in {@code dir}, recovering what {@code index.json} lists.
     *
     * @param dir the cache directory; created if missing
     * @param maxBytes disk budget
     * @param maxItems object count budget
     * @param store where misses are fetched from
     * @param clock milliseconds, for last-access times (injected so tests control it)
     */
    public DiskCache(Path dir, long maxBytes, int maxItems, ObjectStore store, LongSupplier clock) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.maxBytes = maxBytes;
        this.maxItems = maxItems;
        this.store = store;
        this.clock = clock;
        this.indexFile = new CacheIndexFile(dir.resolve("index.json"));
        recover();
    }

    private void recover() {
        for (CacheEntry e : indexFile.load()) {
            Path file = dir.resolve(e.fileName());
            try {
                if (Files.isRegularFile(file) && Files.size(file) == e.size()) {
                    entries.put(e.uri(), e);
                    bytesOnDisk.addAndGet(e.size());
                }
            } catch (IOException ex) {
                LOG.debug("skipping unreadable cache file {}", file, ex);
            }
        }
        if (!entries.isEmpty()) {
            LOG.info("cache {}: recovered {} objects ({} bytes) from index.json", dir, entries.size(), bytesOnDisk.get());
        }
    }

    /**
     * Returns a lease on the object's local file, downloading it first on a miss. The caller
     * must {@link CacheLease#close() close} the lease when its request ends; until then the
     * file is not evicted.
     */
    public CacheLease acquire(ObjectUri uri) throws IOException {
        String key = uri.toString();
        CacheEntry entry = entries.get(key);
        if (entry != null && entry.pin() && isIntact(entry)) {
            entry.touch(clock.getAsLong());
            hits.incrementAndGet();
            return new CacheLease(entry, dir.resolve(entry.fileName()), true);
        }
        if (entry != null) {
            entry.unpin();
            // A file that vanished or changed length since it was indexed is never served: refetch it.
            if (entries.remove(key, entry)) {
                bytesOnDisk.addAndGet(-entry.size());
            }
        }
        misses.incrementAndGet();
        CompletableFuture<CacheEntry> mine = new CompletableFuture<>();
        CompletableFuture<CacheEntry> running = downloads.putIfAbsent(key, mine);
        if (running == null) {
            try {
                CacheEntry fetched = fetch(uri);
                fetched.pin();
                entries.put(key, fetched);
                bytesOnDisk.addAndGet(fetched.size());
                mine.complete(fetched);
            } catch (IOException | RuntimeException e) {
                mine.completeExceptionally(e);
                throw e;
            } finally {
                downloads.remove(key, mine);
            }
            CacheEntry fetched = mine.join();
            evictIfNeeded();
            return new CacheLease(fetched, dir.resolve(fetched.fileName()), false);
        }
        CacheEntry fetched = await(running);
        fetched.pin();
        return new CacheLease(fetched, dir.resolve(fetched.fileName()), false);
    }

    private static CacheEntry await(CompletableFuture<CacheEntry> download) throws IOException {
        try {
            return download.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for another request's download", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new CompletionException(e.getCause());
        }
    }

    private CacheEntry fetch(ObjectUri uri) throws IOException {
        String fileName = CacheKeys.fileName(uri.toString());
        Path tmp = Files.createTempFile(dir, "download-", ".tmp");
        try {
            var info = store.download(uri, tmp);
            long actual = Files.size(tmp);
            if (actual != info.size()) {
                throw new IOException("download of " + uri + " is incomplete: " + actual + " of " + info.size() + " bytes");
            }
            if (actual > maxBytes) {
                throw new IOException("object " + uri + " is " + actual + " bytes, larger than the whole cache ("
                        + maxBytes + " bytes); raise the service's disk or the cache's maxSizeBytes");
            }
            Files.move(tmp, dir.resolve(fileName), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            bytesFetched.addAndGet(actual);
            return new CacheEntry(uri.toString(), fileName, actual, info.etag(), clock.getAsLong());
        } catch (ObjectNotFoundException e) {
            throw e;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private boolean isIntact(CacheEntry entry) {
        try {
            return Files.size(dir.resolve(entry.fileName())) == entry.size();
        } catch (IOException e) {
            return false;
        }
    }

    private synchronized void evictIfNeeded() {
        if (bytesOnDisk.get() <= maxBytes && entries.size() <= maxItems) {
            return;
        }
        List<CacheEntry> byAge = new ArrayList<>(entries.values());
        byAge.sort(Comparator.comparingLong(CacheEntry::lastAccess));
        for (CacheEntry victim : byAge) {
            if (bytesOnDisk.get() <= maxBytes && entries.size() <= maxItems) {
                break;
            }
            if (victim.pins() > 0) {
                continue; // a request is reading it; never delete under a reader
            }
            if (entries.remove(victim.uri(), victim)) {
                bytesOnDisk.addAndGet(-victim.size());
                evictions.incrementAndGet();
                try {
                    Files.deleteIfExists(dir.resolve(victim.fileName()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** Writes {@code index.json} now (atomically). */
    public void persistIndex() throws IOException {
        indexFile.save(List.copyOf(entries.values()));
    }

    /** The cache directory. */
    public Path dir() {
        return dir;
    }

    /** Current counters (the memory-tier fields are zero here). */
    public CacheStats stats() {
        return new CacheStats(hits.get(), misses.get(), bytesFetched.get(), bytesOnDisk.get(), entries.size(),
                evictions.get(), 0, 0);
    }

    @Override
    public void close() {
        try {
            persistIndex();
        } catch (IOException e) {
            LOG.warn("could not write {}: {}", indexFile, e.getMessage());
        }
    }
}
