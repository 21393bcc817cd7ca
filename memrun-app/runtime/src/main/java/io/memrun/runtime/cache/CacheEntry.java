package io.memrun.runtime.cache;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One cached object: which files hold it, how long it is, its checksum, when it was fetched and
 * last used, and how many requests read it now.
 *
 * <p>The reader count doubles as the entry's life: eviction may only kill an entry nobody reads
 * (count 0 to {@code DEAD} in one compare-and-set), and a dead entry can no longer be pinned, so a
 * file is never deleted under a reader. An entry replaced while being read is <em>retired</em>:
 * its last reader deletes the files.
 */
final class CacheEntry {
    private static final int DEAD = -1;

    private final String uri;
    private final String baseName;
    private final long size;
    private final String etag;
    private final long crc32c;
    private final long fetchedAt;
    private volatile long lastAccess;
    /** Reads since this process loaded or fetched the entry (not persisted: a restart starts at 0). */
    private final AtomicLong hits = new AtomicLong();
    private volatile boolean verified;
    /** The file's last-modified time when its bytes were last known good; -1 before that. */
    private volatile long verifiedModified = -1;
    private volatile boolean retired;
    private final AtomicInteger pins = new AtomicInteger();
    /** Bytes of the structures decoded from it on disk; changed only under the {@link LruIndex}'s lock once indexed. */
    private long decodedBytes;

    private CacheEntry(EntryRecord r, boolean verified) {
        this.uri = r.uri();
        this.baseName = r.file();
        this.size = r.size();
        this.etag = r.etag();
        this.crc32c = r.crc32c();
        this.fetchedAt = r.fetchedAt();
        this.lastAccess = r.lastAccess();
        this.verified = verified;
    }

    /** An entry this process just downloaded and checked. */
    static CacheEntry downloaded(EntryRecord r) {
        return new CacheEntry(r, true);
    }

    /** An entry found on disk at startup: its bytes are checked against the checksum on first use. */
    static CacheEntry recovered(EntryRecord r) {
        return new CacheEntry(r, false);
    }

    EntryRecord toRecord() {
        return new EntryRecord(uri, baseName, size, etag, fetchedAt, lastAccess, crc32c);
    }

    String uri() {
        return uri;
    }

    String baseName() {
        return baseName;
    }

    long size() {
        return size;
    }

    /** The object's bytes on disk plus those of the structures decoded from it: what it costs the budget. */
    long footprint() {
        return size + decodedBytes;
    }

    /** Counts (or, negative, uncounts) decoded bytes; see the field for who may call it. */
    void addDecodedBytes(long bytes) {
        decodedBytes += bytes;
    }

    long crc32c() {
        return crc32c;
    }

    long fetchedAt() {
        return fetchedAt;
    }

    long lastAccess() {
        return lastAccess;
    }

    void touch(long now) {
        lastAccess = now;
        hits.incrementAndGet();
    }

    /** How often it was read since this process has it. */
    long hits() {
        return hits.get();
    }

    String etag() {
        return etag;
    }

    /** Whether the bytes were checked against the checksum by this process. */
    boolean verified() {
        return verified;
    }

    /**
     * Whether the bytes are known good as the file stands: checked, and the file not modified
     * since (its last-modified time unchanged). A rewrite in place changes that time.
     */
    boolean verifiedAt(long modified) {
        return verified && verifiedModified == modified;
    }

    /** The bytes were checked (or just written) and the file's last-modified time is {@code modified}. */
    void markVerified(long modified) {
        verifiedModified = modified;
        verified = true;
    }

    /** Whether the entry outlived {@code ttlMillis} since it was fetched. */
    boolean expired(long now, long ttlMillis) {
        return now - fetchedAt >= ttlMillis;
    }

    /** Registers a reader; fails only if the entry was already killed. */
    boolean pin() {
        for (;;) {
            int p = pins.get();
            if (p == DEAD) {
                return false;
            }
            if (pins.compareAndSet(p, p + 1)) {
                return true;
            }
        }
    }

    /**
     * Drops a reader. Returns {@code true} if the caller was the last reader of a retired entry and
     * must delete its files.
     */
    boolean unpin() {
        return pins.decrementAndGet() == 0 && retired && pins.compareAndSet(0, DEAD);
    }

    /** Kills the entry if nobody reads it. Returns {@code true} if the caller must delete its files. */
    boolean tryKill() {
        return pins.compareAndSet(0, DEAD);
    }

    /**
     * Marks an entry already removed from the index for deletion as soon as nobody reads it.
     * Returns {@code true} if nobody does now and the caller must delete its files.
     */
    boolean retire() {
        retired = true;
        return tryKill();
    }

    boolean pinned() {
        return pins.get() > 0;
    }

    @Override
    public String toString() {
        return uri + " (" + size + " bytes in " + baseName + ")";
    }
}
