package io.memrun.runtime.cache;

/**
 * A snapshot of one worker's cache counters.
 *
 * @param hits {@code getOrFetch} calls served from local disk
 * @param misses calls that went to the object store
 * @param bytesFetched bytes downloaded from the object store
 * @param bytesOnDisk bytes the cache holds now
 * @param items objects the cache holds now
 * @param evictions objects evicted to stay within budget, or because they expired
 * @param memoryHits {@code getOrCompute} calls served from the in-memory store
 * @param memoryMisses {@code getOrCompute} calls that ran their loader
 */
public record CacheStats(long hits, long misses, long bytesFetched, long bytesOnDisk, long items, long evictions,
                         long memoryHits, long memoryMisses) {
}
