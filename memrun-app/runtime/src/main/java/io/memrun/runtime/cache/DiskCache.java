package io.memrun.runtime.cache;

import io.memrun.runtime.objectstore.ObjectNotFoundException;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectStoreUnavailableException;
import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.sdk.CachedObject;
import io.memrun.sdk.DecodedForm;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's disk cache of objects from the object store: one file per object under one
 * directory, evicted least-recently-used by bytes and by count, optionally expiring a fixed time
 * after download, with its index persisted to {@code index.json}.
 *
 * <p><b>Recovery.</b> Opening a directory keeps every object file whose length matches its record
 * in {@code index.json}, or, for files the index does not list (it may be missing, truncated,
 * garbage, or older than the last downloads), in the {@code .meta} sidecar written with each
 * download. Everything else is deleted. Recovered files are checked against their CRC-32C when
 * first used. One log line tells what happened.
 *
 * <p><b>Budget.</b> Before a download, least recently used entries are evicted until the object
 * fits both budgets (bytes and count). Entries that a request is reading are skipped, never
 * deleted under it; if only those are left, the cache runs over budget until their leases close,
 * and then evicts at once. Objects up to one part long are already on disk when their length
 * becomes known, so concurrent small misses can overshoot by that much for a moment.
 *
 * <p><b>Background work.</b> Every cleanup interval a sweep removes expired entries and files no
 * entry owns; {@link #cleanUp()} runs it on demand. {@link #persistIndex()} writes the index, and
 * only if something changed since the last write.
 *
 * <p>Thread-safe. Close it to stop the sweep and write the index.
 */
public final class DiskCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DiskCache.class);
    /** How stale the persisted order of last use may get while entries themselves are unchanged. */
    static final long RECENCY_CHECKPOINT_MILLIS = 60_000;

    private final CacheDirectory files;
    private final CacheIndexFile indexFile;
    private final LruIndex index;
    private final CacheFiller filler;
    private final LongSupplier clock;
    private final long ttlMillis;
    private final long maxBytes;
    private final long partSize;
    private final ObjectStore store;
    private final Map<String, CompletableFuture<CacheEntry>> downloads = new ConcurrentHashMap<>();
    /** Decodes in progress, by decoded file name, until their file is written. */
    private final Map<String, Decode> decodes = new ConcurrentHashMap<>();
    /** Writes decoded files off the requests' path, one virtual thread each. */
    private final java.util.concurrent.ExecutorService decodedWriter = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("memrun-decoded-write-", 0).factory());
    private final LongAdder decodedReads = new LongAdder();
    private final LongAdder decodedWrites = new LongAdder();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean superseded = new AtomicBoolean();
    private final ScheduledExecutorService ownScheduler;
    private final CleanupScheduler.Cancellable sweep;
    /** Entries were added or removed since the index was last written. */
    private volatile boolean dirty;
    /** Only the order of last use changed since then. */
    private volatile boolean touched;
    private long lastSave;

    /**
     * Opens a cache with no expiry and the default sweep interval (on a daemon thread of its own),
     * part size and parallelism; see {@link #builder} for the rest.
     *
     * @param dir the cache directory; created if missing
     * @param maxBytes disk budget
     * @param maxItems object count budget
     * @param store where misses are fetched from
     * @param clock milliseconds, for last-use and fetch times
     */
    public DiskCache(Path dir, long maxBytes, int maxItems, ObjectStore store, LongSupplier clock) throws IOException {
        this(builder(dir, store).maxSizeBytes(maxBytes).maxItems(maxItems).clock(clock));
    }

    DiskCache(DiskCacheBuilder b) throws IOException {
        this.files = CacheDirectory.open(b.dir);
        this.indexFile = new CacheIndexFile(files.dir());
        this.index = new LruIndex(b.maxSizeBytes, b.maxItems);
        this.clock = b.clock;
        this.filler = new CacheFiller(files, index, new ObjectFetcher(b.store, b.partSize, b.parallelism), b.clock,
                b.usableSpace != null ? b.usableSpace : files::usableSpace, b.maxSizeBytes, this::deleteEvicted);
        this.ttlMillis = b.ttl == null ? Long.MAX_VALUE : b.ttl.toMillis();
        this.maxBytes = b.maxSizeBytes;
        this.partSize = b.partSize;
        this.store = b.store;
        index.load(CacheRecovery.recover(files, indexFile));
        deleteEvicted(index.evictOverBudget()); // the budget may have shrunk since the last run
        this.lastSave = clock.getAsLong();
        this.dirty = true; // the first checkpoint replaces an index that was missing, damaged or stale
        this.ownScheduler = b.scheduler == null ? Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("memrun-cache-sweep").factory()) : null;
        CleanupScheduler scheduler = b.scheduler != null ? b.scheduler : CleanupScheduler.of(ownScheduler);
        this.sweep = scheduler.scheduleEvery(b.cleanupInterval, this::sweepQuietly);
    }

    /** A builder for a cache in {@code dir} that fetches misses from {@code store}. */
    public static DiskCacheBuilder builder(Path dir, ObjectStore store) {
        return new DiskCacheBuilder(dir, store);
    }

    /**
     * Whether {@code uri} is in the cache now: a hint for scheduling (a later {@link #acquire} may
     * still fetch it, if it expired or was evicted or damaged meanwhile), never for correctness.
     */
    public boolean probablyCached(ObjectUri uri) {
        return index.contains(uri.toString());
    }

    /**
     * Returns a lease on the object's local file, downloading it first if it is not cached (or
     * its cached copy expired, has the wrong length, or fails its checksum). The file stays in
     * place, unmodified, until the lease is {@linkplain CacheLease#close() closed}; close it when
     * the request ends.
     *
     * <p>Atomic per object: concurrent calls for an object that is not cached download it once;
     * the other callers wait for that download and share its result. A download lands in a temp
     * file, is checked (length; entity tag consistency across parts; MD5 for small objects with an
     * MD5 entity tag) and only then renamed into place, so a partial or corrupt file is never
     * served. Room is made first by evicting least recently used objects that no request reads.
     *
     * <p>If the download fails, the exception reaches the caller that ran it and every caller that
     * waited for it, nothing is cached, no temp file is left behind, and the next call tries again.
     * One exception: if it failed because the downloading thread was interrupted (its request was
     * cancelled), the waiting callers that were not interrupted start a new download instead.
     *
     * @param uri the object
     * @return a lease whose {@link CacheLease#hit()} tells whether the object was already on disk
     * @throws ObjectNotFoundException if the object or its bucket does not exist
     * @throws ObjectStoreUnavailableException if the store cannot be reached, answers with an error,
     *     or sends bytes that fail the checks (a retry may succeed)
     * @throws ObjectTooLargeException if the object is larger than the whole cache
     * @throws CacheDiskFullException if the file system has no room for the object
     * @throws InterruptedIOException if the thread was interrupted while downloading or waiting
     * @throws IOException if the cache directory cannot be written
     * @throws IllegalStateException if the cache is closed
     */
    public CacheLease acquire(ObjectUri uri) throws IOException {
        Objects.requireNonNull(uri, "uri");
        if (closed.get()) {
            throw new IllegalStateException("cache " + files + " is closed");
        }
        String key = uri.toString();
        for (;;) {
            CacheEntry cached = lookup(key);
            if (cached != null) {
                hits.increment();
                return lease(cached, true);
            }
            CompletableFuture<CacheEntry> mine = new CompletableFuture<>();
            CompletableFuture<CacheEntry> running = downloads.putIfAbsent(key, mine);
            if (running == null) {
                return download(uri, key, mine);
            }
            CacheEntry fetched;
            try {
                fetched = await(key, running);
            } catch (InterruptedIOException | ClosedByInterruptException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                continue; // the downloader's request was cancelled, not this one: download it here
            }
            if (fetched.pin()) {
                misses.increment();
                return lease(fetched, false);
            }
            // Evicted between that download and this pin (a cache far too small): look again.
        }
    }

    /**
     * Like {@link #acquire}, but on a miss returns once the first part has arrived (an object of one
     * part, once it is whole and checked), while the rest still arrives: the download runs on a thread of its own, and the returned lease's
     * {@link CachedObject#map(long, long)} waits only for the bytes it maps (checked as each part
     * lands), while the rest of it waits for the whole object. The download is the same one
     * {@code acquire} would run, with the same checks, single flight and outcome: a caller of either
     * that arrives meanwhile waits for it. If another download of the object is already running, this
     * waits for it as {@code acquire} does.
     *
     * @param uri the object
     * @return a lease on the object, whole or arriving; close it when the request ends
     * @throws IOException as {@link #acquire} throws, for failures before the object's length is known
     */
    public ObjectLease acquireStreaming(ObjectUri uri) throws IOException {
        Objects.requireNonNull(uri, "uri");
        if (closed.get()) {
            throw new IllegalStateException("cache " + files + " is closed");
        }
        String key = uri.toString();
        CacheEntry cached = lookup(key);
        if (cached != null) {
            hits.increment();
            return lease(cached, true);
        }
        CompletableFuture<CacheEntry> mine = new CompletableFuture<>();
        if (downloads.putIfAbsent(key, mine) != null) {
            return acquire(uri); // someone else's download: wait for it
        }
        String baseName = CacheKeys.newBaseName(key);
        Arrival arrival = new Arrival(key, partSize);
        CompletableFuture<CacheLease> whole = new CompletableFuture<>();
        try {
            Thread.ofVirtual().name("memrun-stream-" + baseName).start(() -> {
                try {
                    whole.complete(download(uri, key, mine, baseName, arrival));
                    arrival.ended(null);
                } catch (Throwable t) {
                    arrival.ended(t);
                    whole.completeExceptionally(t);
                }
            });
        } catch (RuntimeException | Error e) { // no thread: the download never started, so free its slot
            mine.completeExceptionally(e);
            downloads.remove(key, mine);
            throw e;
        }
        boolean returned = false;
        try {
            long size = arrival.awaitStart();
            ObjectLease lease = size < 0 ? await(key, whole) : new StreamingLease(this, key, baseName, size, arrival, whole);
            returned = true;
            return lease;
        } finally {
            if (!returned) {
                arrival.close();
                whole.thenAccept(CacheLease::close); // interrupted: whatever the download pinned goes free
            }
        }
    }

    /**
     * The structure {@code form} decodes from the leased object: read back from its decoded file if
     * there is a good one, otherwise decoded and written (once, however many callers ask at once;
     * the others get the same value). The caller that decodes gets its value before the file is
     * written: the write runs in the background, and callers with the same form instance meanwhile
     * share the value (another instance, as after a hot reload, waits for the file). A file that
     * fails its checks is deleted and replaced. A file that cannot be written is logged and
     * skipped.
     */
    <T> T decoded(CachedObject source, String baseName, EntryRef entry, DecodedForm<T> form) throws Exception {
        String name = CacheKeys.checkFormName(form.name());
        String key = CacheKeys.decodedFileName(baseName, name);
        for (;;) {
            // Only a caller holding the decode slot may drop a file it finds unusable: another may be
            // writing a good one under the same name right now. An object still arriving has none.
            CacheEntry known = entry.now();
            T saved = known == null || decodes.containsKey(key) ? null : readDecoded(known, name, form, false);
            if (saved != null) {
                return saved;
            }
            Decode mine = new Decode(form);
            Decode running = decodes.putIfAbsent(key, mine);
            if (running != null) {
                if (running.form != form) {
                    // Another instance of the form, e.g. the handler's code before a hot reload: its
                    // value is of that code's classes. Wait for its file instead, then read that.
                    try {
                        running.written.get();
                    } catch (ExecutionException never) {
                        // written only ever completes normally
                    }
                    continue;
                }
                try {
                    @SuppressWarnings("unchecked") // the same form instance: the value is its type
                    T value = (T) running.value.get();
                    return value;
                } catch (ExecutionException x) {
                    Throwable c = x.getCause();
                    if (c instanceof InterruptedException || c instanceof InterruptedIOException
                            || c instanceof ClosedByInterruptException) {
                        continue; // that caller's request was cancelled, not this one: decode it here
                    }
                    if (c instanceof Exception ex) {
                        throw ex;
                    }
                    throw (Error) c;
                }
            }
            T value;
            CacheEntry e;
            try {
                known = entry.now();
                // It may have been written between our read and the claim.
                value = known == null ? null : readDecoded(known, name, form, true);
                if (value != null) {
                    mine.end(decodes, key);
                    mine.value.complete(value);
                    return value;
                }
                value = Objects.requireNonNull(form.decode(source), () -> form.name() + " decoded to null");
                e = entry.await(); // an object that was arriving: its download must have succeeded too
            } catch (Exception | Error x) {
                mine.end(decodes, key); // first: a waiter that retries must not find this failed decode again
                mine.value.completeExceptionally(x);
                throw x;
            }
            mine.value.complete(value);
            // The caller has its value now; the file is written off its path. Until it is, later
            // callers with the same form share the value instead of decoding again.
            T decoded = value;
            try {
                decodedWriter.execute(() -> {
                    try {
                        writeDecoded(e, name, form, decoded);
                    } finally {
                        mine.end(decodes, key);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                mine.end(decodes, key); // the cache is closing: keep nothing
            }
            return value;
        }
    }

    /**
     * The cache entry a decoded structure belongs to: known at once for an object on disk, only
     * after its download for one still arriving.
     */
    interface EntryRef {
        /** The entry, or {@code null} while the object is arriving. */
        CacheEntry now();

        /** The entry, once the download ended; its failure if it failed. */
        CacheEntry await() throws IOException;

        /** A reference to an entry already on disk. */
        static EntryRef of(CacheEntry e) {
            return new EntryRef() {
                @Override
                public CacheEntry now() {
                    return e;
                }

                @Override
                public CacheEntry await() {
                    return e;
                }
            };
        }
    }

    /** A decode in progress: its form, its value once decoded, and the end of its file's write. */
    private static final class Decode {
        final DecodedForm<?> form;
        final CompletableFuture<Object> value = new CompletableFuture<>();
        final CompletableFuture<Void> written = new CompletableFuture<>();

        Decode(DecodedForm<?> form) {
            this.form = form;
        }

        /** Leaves the map, then lets those waiting for the file look again. */
        void end(Map<String, Decode> decodes, String key) {
            decodes.remove(key, this);
            written.complete(null);
        }
    }

    /**
     * Waits until the decoded files being written when called are written (or given up), at most
     * {@code timeout}: what a restart would find on disk (tests and benchmarks use it; nothing else
     * needs to).
     */
    public void awaitDecodedWrites(java.time.Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        for (Decode d : List.copyOf(decodes.values())) {
            try {
                d.written.get(Math.max(0, until - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                return; // written only ever completes normally; out of time
            }
        }
    }

    /** The structure read back from its file, or {@code null}; the slot holder drops an unusable file. */
    private <T> T readDecoded(CacheEntry e, String name, DecodedForm<T> form, boolean holder) {
        if (files.decodedLength(e.baseName(), name) < 0) {
            return null;
        }
        Path file = files.decodedPath(e.baseName(), name);
        try {
            T value = form.read(DecodedFile.read(file, e));
            if (value != null) {
                decodedReads.increment();
                return value;
            }
            if (holder) {
                LOG.warn("cache {}: {} of {} read back as null; decoding it again", files, name, e.uri());
            }
        } catch (IOException | RuntimeException x) {
            if (holder) {
                LOG.warn("cache {}: the decoded file {} of {} is not usable ({}); decoding it again", files, name,
                        e.uri(), x.getMessage());
            }
        }
        if (holder) {
            dropDecoded(e, name);
        }
        return null;
    }

    private <T> void writeDecoded(CacheEntry e, String name, DecodedForm<T> form, T value) {
        if (closed.get() || !stillOwned()) {
            return; // the directory belongs to another instance now (or is being closed): touch nothing
        }
        Path tmp = null;
        try {
            tmp = files.newTempFile();
            long length = DecodedFile.write(tmp, e, form, value);
            if (installDecoded(e, name, tmp, length)) {
                tmp = null;
            }
        } catch (IOException | RuntimeException x) {
            files.deleteDecoded(e.baseName(), name);
            LOG.warn("cache {}: could not keep {} of {} on disk ({}); it is decoded again after a restart", files, name,
                    e.uri(), x.toString());
        } finally {
            deleteTemp(tmp);
        }
    }

    /**
     * Renames a checked decoded file of {@code e} into place and counts it; false (the file left
     * where it is) if it would take over half the cache with its object, or the cache closed.
     */
    private boolean installDecoded(CacheEntry e, String name, Path tmp, long length) throws IOException {
        if (e.footprint() + length > maxBytes / 2) {
            // One object with its structure may not take more than half the cache: it would
            // evict everything else, and then itself.
            LOG.info("cache {}: not keeping {} of {} on disk: {} with the object's {} is over half the cache ({})",
                    files, name, e.uri(), io.memrun.sdk.Sizes.format(length), io.memrun.sdk.Sizes.format(e.size()),
                    io.memrun.sdk.Sizes.format(maxBytes));
            return false;
        }
        if (closed.get() || !stillOwned()) {
            return false;
        }
        files.addDecoded(e.baseName(), name, length); // before the rename: the orphan sweep must not take it
        java.nio.file.Files.move(tmp, files.decodedPath(e.baseName(), name),
                java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        if (index.addDecoded(e, length)) {
            decodedWrites.increment();
            dirty = true;
            deleteEvicted(index.evictOverBudget());
        } else {
            files.deleteDecoded(e.baseName(), name); // the object was replaced or expired meanwhile
        }
        return true;
    }

    private void deleteTemp(Path tmp) {
        if (tmp != null) {
            try {
                java.nio.file.Files.deleteIfExists(tmp);
            } catch (IOException x) {
                LOG.debug("cache {}: could not delete {}", files, tmp, x);
            }
        }
    }

    /**
     * The decoded files kept beside {@code uri}'s object now, by form name; empty if the object is
     * not cached. For handing them to a successor: a file may be deleted (its object evicted) while
     * the caller reads it.
     */
    public Map<String, Path> decodedFiles(String uri) {
        CacheEntry e = index.peek(uri);
        Map<String, Path> out = new java.util.TreeMap<>();
        if (e != null) {
            for (String form : files.decodedForms(e.baseName())) {
                out.put(form, files.decodedPath(e.baseName(), form));
            }
        }
        return out;
    }

    /**
     * Adopts a decoded file another worker made from the same object (a predecessor's, in a warm
     * handoff), if the leased object has none of that form yet and none is being made: downloads it
     * from {@code copy} with this cache's store, checks it as every read of a decoded file does (its
     * header must name this object's length and CRC-32C, its payload its checksum) and renames it into
     * place, so the next {@link CachedObject#decoded} reads it instead of decoding.
     *
     * @param lease the object it was decoded from
     * @param form the form's name
     * @param copy where the file is
     * @return its length if it was adopted; 0 if there was one already (or one is being made), or it
     *     would not fit (see {@link DecodedForm})
     * @throws IOException if it cannot be downloaded, or fails the checks (it is then not kept)
     */
    public long adoptDecoded(CacheLease lease, String form, ObjectUri copy) throws IOException {
        String name = CacheKeys.checkFormName(form);
        CacheEntry e = lease.entry();
        String key = CacheKeys.decodedFileName(e.baseName(), name);
        if (files.decodedLength(e.baseName(), name) >= 0) {
            return 0;
        }
        Decode mine = new Decode(null); // holds the slot: no decode of this form runs meanwhile
        if (decodes.putIfAbsent(key, mine) != null) {
            return 0;
        }
        Path tmp = null;
        try {
            if (files.decodedLength(e.baseName(), name) >= 0) {
                return 0;
            }
            tmp = files.newTempFile();
            store.download(copy, tmp);
            DecodedFile.read(tmp, e);
            long length = java.nio.file.Files.size(tmp);
            if (!installDecoded(e, name, tmp, length)) {
                return 0;
            }
            tmp = null;
            return length;
        } catch (IOException | RuntimeException x) {
            files.deleteDecoded(e.baseName(), name); // registered before a rename that failed
            throw x;
        } finally {
            mine.end(decodes, key);
            deleteTemp(tmp);
        }
    }

    private void dropDecoded(CacheEntry e, String name) {
        long length = files.deleteDecoded(e.baseName(), name);
        if (length >= 0) {
            index.addDecoded(e, -length);
        }
    }

    /** How fast an object's use counts for less in {@link #hotSet}: halved every this many minutes without a read. */
    static final double HOT_HALF_LIFE_MINUTES = 10;

    /**
     * The objects a successor should fetch before it takes this worker's place, hottest first, up
     * to {@code budgetBytes} in all: ranked by reads since this process has them (plus one, so an
     * object fetched and not yet read again still counts), halved for every
     * {@value #HOT_HALF_LIFE_MINUTES} minutes since its last read, so both recency and frequency
     * count. An object that does not fit the remaining budget is skipped and smaller ones after it
     * may still fit.
     */
    public List<HotObject> hotSet(long budgetBytes) {
        long now = clock.getAsLong();
        // Scores and counters are read once: requests keep touching entries while this sorts.
        List<HotObject> all = new ArrayList<>();
        for (CacheEntry e : index.snapshot()) {
            all.add(new HotObject(e.uri(), e.size(), e.etag(), e.hits(), e.lastAccess()));
        }
        all.sort(Comparator.comparingDouble((HotObject o) -> -hotness(o, now)).thenComparing(HotObject::uri));
        List<HotObject> out = new ArrayList<>();
        long left = budgetBytes;
        for (HotObject o : all) {
            if (o.size() <= left) {
                out.add(o);
                left -= o.size();
            }
        }
        return out;
    }

    private static double hotness(HotObject o, long now) {
        double idleMinutes = Math.max(0, now - o.lastAccessMs()) / 60_000.0;
        return (o.hits() + 1) * Math.pow(0.5, idleMinutes / HOT_HALF_LIFE_MINUTES);
    }

    /** The pinned, fresh and intact entry for {@code key}, or {@code null}, dropping a stale one. */
    private CacheEntry lookup(String key) {
        CacheEntry e = index.pin(key);
        if (e == null) {
            return null;
        }
        long now = clock.getAsLong();
        boolean expired = e.expired(now, ttlMillis);
        if (!expired && files.intact(e) && checksumOk(e)) {
            e.touch(now);
            touched = true;
            return e;
        }
        if (!expired) {
            LOG.warn("cache {}: the file of {} is damaged (wrong length or checksum); fetching it again", files, key);
        }
        if (index.remove(e)) {
            e.retire(); // never kills here: this thread still holds a pin, and its release deletes
            if (expired) {
                evictions.increment();
            }
        }
        dirty = true;
        release(e);
        return null;
    }

    /**
     * Whether the entry's bytes may be served. Downloads are checked on arrival and entries
     * recovered at start-up on first use; after that a hit costs one stat: if the file's
     * last-modified time moved (something rewrote it in place, even with the same length), its
     * checksum is checked again before it is served. A rewrite that also restores the old time is
     * only caught by the full check after a restart.
     */
    private boolean checksumOk(CacheEntry e) {
        long modified = files.modified(e);
        if (e.verifiedAt(modified)) {
            return true;
        }
        synchronized (e) {
            if (!e.verifiedAt(modified)) {
                try {
                    if (FileChecksum.of(files.objectPath(e.baseName()), e.size(), false).crc32c() != e.crc32c()) {
                        return false;
                    }
                } catch (IOException ex) {
                    return false;
                }
                e.markVerified(modified);
            }
            return true;
        }
    }

    private CacheLease download(ObjectUri uri, String key, CompletableFuture<CacheEntry> mine) throws IOException {
        return download(uri, key, mine, CacheKeys.newBaseName(key), ObjectFetcher.Progress.NONE);
    }

    private CacheLease download(ObjectUri uri, String key, CompletableFuture<CacheEntry> mine, String baseName,
                                ObjectFetcher.Progress progress) throws IOException {
        try {
            // Another caller may have installed it between our lookup and claiming the download.
            CacheEntry e = lookup(key);
            boolean hit = e != null;
            if (hit) {
                hits.increment();
            } else {
                misses.increment();
                e = filler.fill(uri, baseName, progress);
                dirty = true;
            }
            mine.complete(e);
            return lease(e, hit);
        } catch (IOException | RuntimeException | Error t) {
            mine.completeExceptionally(t);
            throw t;
        } finally {
            downloads.remove(key, mine);
        }
    }

    /** The download's result once it ended; its failure as thrown; an interrupt as an InterruptedIOException. */
    static <T> T await(String uri, CompletableFuture<T> download) throws IOException {
        try {
            return download.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException x = new InterruptedIOException("interrupted while waiting for the download of " + uri);
            x.initCause(e);
            throw x;
        } catch (ExecutionException e) {
            throw Failures.rethrow(e.getCause());
        }
    }

    private CacheLease lease(CacheEntry e, boolean hit) {
        return new CacheLease(this, e, files.objectPath(e.baseName()), hit);
    }

    /** Ends a lease: the last reader of a replaced entry deletes it, and a cache over budget evicts. */
    void release(CacheEntry e) {
        if (e.unpin()) {
            files.delete(e.baseName());
        }
        if (index.overBudget()) {
            deleteEvicted(index.evictOverBudget());
        }
    }

    private void deleteEvicted(List<CacheEntry> victims) {
        for (CacheEntry v : victims) {
            files.delete(v.baseName());
            evictions.increment();
            dirty = true;
        }
    }

    /**
     * Runs the sweep now: removes expired entries (those being read go when their last reader
     * leaves), evicts down to the budget, and deletes cache files no entry owns. Does nothing once
     * a newer cache instance has taken over the directory.
     */
    public void cleanUp() {
        if (closed.get() || !stillOwned()) {
            return;
        }
        if (ttlMillis != Long.MAX_VALUE) {
            for (CacheEntry e : index.removeExpired(clock.getAsLong(), ttlMillis)) {
                evictions.increment();
                dirty = true;
                if (e.retire()) {
                    files.delete(e.baseName());
                }
            }
        }
        deleteEvicted(index.evictOverBudget());
        try {
            int orphans = files.deleteOrphans();
            if (orphans > 0) {
                LOG.info("cache {}: removed {} orphan files", files, orphans);
            }
        } catch (IOException e) {
            LOG.warn("cache {}: orphan sweep failed: {}", files, e.toString());
        }
    }

    private void sweepQuietly() {
        try {
            cleanUp();
        } catch (RuntimeException e) {
            LOG.warn("cache {}: sweep failed", files, e);
        }
    }

    /** False once another instance claimed the directory; then this one stops its background work. */
    private boolean stillOwned() {
        if (superseded.get()) {
            return false;
        }
        if (files.owned()) {
            return true;
        }
        if (superseded.compareAndSet(false, true)) {
            LOG.info("cache {}: another cache instance took over the directory; this one stops sweeping and checkpointing", files);
            sweep.cancel();
            if (ownScheduler != null) {
                ownScheduler.shutdown();
            }
        }
        return false;
    }

    /**
     * Writes {@code index.json} (atomically) if entries were added or removed since the last write,
     * or if only their order of last use changed and the last write is {@value
     * #RECENCY_CHECKPOINT_MILLIS} ms old; otherwise returns at once. So calling it on every
     * heartbeat costs nothing when the cache is idle, and a busy cache of 100,000 objects (an index
     * of about 25 MB) is not rewritten every few seconds just because hits reorder it. A crash loses
     * at most that much recency, never an object: downloads are recovered from their sidecars.
     *
     * @throws IOException if the index could not be written; the next call tries again
     */
    public synchronized void persistIndex() throws IOException {
        long now = clock.getAsLong();
        boolean due = dirty || (touched && now - lastSave >= RECENCY_CHECKPOINT_MILLIS);
        if (!due || !stillOwned()) {
            return;
        }
        // Cleared before the snapshot: a change racing with it sets them again for the next write.
        dirty = false;
        touched = false;
        try {
            indexFile.save(index.snapshot().stream().map(CacheEntry::toRecord).toList());
            lastSave = now;
        } catch (IOException | RuntimeException e) {
            dirty = true;
            throw e;
        }
    }

    /** Writes the index now if anything at all changed (on close, recency is worth the write). */
    private synchronized void persistIndexFully() throws IOException {
        if (touched) {
            dirty = true;
        }
        persistIndex();
    }

    /** Structures read back from decoded files, and decoded files written, since this cache opened. */
    public long[] decodedCounts() {
        return new long[] {decodedReads.sum(), decodedWrites.sum()};
    }

    /** The cache directory. */
    public Path dir() {
        return files.dir();
    }

    /** Current counters; the memory-tier fields are zero here. */
    public CacheStats stats() {
        return new CacheStats(hits.sum(), misses.sum(), filler.bytesFetched(), index.bytes(), index.size(),
                evictions.sum(), 0, 0);
    }

    /** Stops the sweep and writes the index. Leases still open stay valid. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        sweep.cancel();
        if (ownScheduler != null) {
            ownScheduler.shutdownNow();
        }
        // A decoded file half written is only a temp file the next open deletes; give writes a moment.
        decodedWriter.shutdown();
        try {
            decodedWriter.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            persistIndexFully();
        } catch (IOException | RuntimeException e) {
            LOG.warn("cache {}: could not write {}: {}", files, indexFile, e.toString());
        }
    }
}
