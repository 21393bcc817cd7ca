package io.memrun.runtime.cache;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The cached entries in order of last use, with the disk budget they count against. An
 * access-ordered map under one lock: a hit costs a map lookup and a relink (tens of nanoseconds,
 * next to the microseconds of the file check that follows), and eviction takes the least recently
 * used entries from the head without sorting.
 *
 * <p>Downloads in progress hold a <em>reservation</em> of their size, so that concurrent misses on
 * different objects do not each assume the same free room. Eviction skips entries that a request
 * is reading; if only those are left, the cache runs over budget until they are released.
 */
final class LruIndex {
    private final long maxBytes;
    private final int maxItems;
    private final LinkedHashMap<String, CacheEntry> byUri = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;
    private long reservedBytes;
    private int reservedItems;

    LruIndex(long maxBytes, int maxItems) {
        this.maxBytes = maxBytes;
        this.maxItems = maxItems;
    }

    /** Adds recovered entries, least recently used first. */
    synchronized void load(List<CacheEntry> lruFirst) {
        for (CacheEntry e : lruFirst) {
            byUri.put(e.uri(), e);
            bytes += e.footprint();
        }
    }

    /** Whether an entry for {@code uri} is indexed (no pin, no freshness check, no change to the LRU order). */
    synchronized boolean contains(String uri) {
        return byUri.containsKey(uri);
    }

    /** The live entry for {@code uri}, or {@code null}, without pinning or touching it. */
    synchronized CacheEntry peek(String uri) {
        return byUri.get(uri);
    }

    /** The entry for {@code uri}, pinned for a reader and marked most recently used; {@code null} if absent. */
    synchronized CacheEntry pin(String uri) {
        CacheEntry e = byUri.get(uri);
        return e != null && e.pin() ? e : null;
    }

    /**
     * Reserves room for a download of {@code size} bytes, killing and unlinking least recently
     * used entries nobody reads until it fits (or nothing more can go).
     *
     * @return the evicted entries, whose files the caller deletes
     */
    synchronized List<CacheEntry> reserve(long size) {
        reservedBytes += size;
        reservedItems++;
        return evictOverBudget();
    }

    synchronized void unreserve(long size) {
        reservedBytes -= size;
        reservedItems--;
    }

    /** Adds a downloaded entry and releases its reservation; returns the entry it replaced, if any. */
    synchronized CacheEntry install(CacheEntry e, long reserved) {
        unreserve(reserved);
        CacheEntry old = byUri.put(e.uri(), e);
        bytes += e.footprint() - (old == null ? 0 : old.footprint());
        return old;
    }

    /** Removes {@code e} if it is still the entry for its URI. */
    synchronized boolean remove(CacheEntry e) {
        if (byUri.remove(e.uri(), e)) {
            bytes -= e.footprint();
            return true;
        }
        return false;
    }

    /**
     * Counts {@code delta} more (or fewer) decoded bytes for {@code e}, if it is still the entry for
     * its URI; returns whether it was (if not, the caller deletes the decoded file it wrote).
     */
    synchronized boolean addDecoded(CacheEntry e, long delta) {
        if (byUri.get(e.uri()) != e) {
            return false;
        }
        e.addDecodedBytes(delta);
        bytes += delta;
        return true;
    }

    /** Kills and unlinks least recently used unread entries until the budget holds; returns them. */
    synchronized List<CacheEntry> evictOverBudget() {
        List<CacheEntry> victims = new ArrayList<>();
        Iterator<CacheEntry> lru = byUri.values().iterator();
        while (overBudget() && lru.hasNext()) {
            CacheEntry e = lru.next();
            if (e.tryKill()) {
                lru.remove();
                bytes -= e.footprint();
                victims.add(e);
            }
        }
        return victims;
    }

    synchronized boolean overBudget() {
        return bytes + reservedBytes > maxBytes || byUri.size() + reservedItems > maxItems;
    }

    /**
     * Unlinks every entry fetched {@code ttlMillis} or longer ago and returns them; the caller
     * {@linkplain CacheEntry#retire() retires} each, since some may still be read.
     */
    synchronized List<CacheEntry> removeExpired(long now, long ttlMillis) {
        List<CacheEntry> expired = new ArrayList<>();
        Iterator<CacheEntry> it = byUri.values().iterator();
        while (it.hasNext()) {
            CacheEntry e = it.next();
            if (e.expired(now, ttlMillis)) {
                it.remove();
                bytes -= e.footprint();
                expired.add(e);
            }
        }
        return expired;
    }

    /** All entries, least recently used first. */
    synchronized List<CacheEntry> snapshot() {
        return new ArrayList<>(byUri.values());
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized int size() {
        return byUri.size();
    }
}
