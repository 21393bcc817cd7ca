package io.memrun.runtime.wire;

import java.util.List;

/**
 * What a worker reports every heartbeat interval, as JSON on {@link #TOPIC} keyed by worker id.
 *
 * @param workerId the worker's stable identity
 * @param service the service it runs
 * @param revision the service revision it runs
 * @param host where it runs
 * @param partitions the request partitions it owns now
 * @param inFlight requests running now
 * @param cache its cache counters
 * @param sentAtMs epoch milliseconds when sent
 * @param intervalMs the worker's heartbeat interval; silence for 3 of them means lost
 * @param stopping true in the last heartbeat of a clean shutdown
 */
public record Heartbeat(String workerId, String service, int revision, String host, List<Integer> partitions,
                        int inFlight, CacheCounters cache, long sentAtMs, long intervalMs, boolean stopping) {
    /** The topic heartbeats go to. */
    public static final String TOPIC = "memrun.heartbeats";

    public Heartbeat {
        partitions = List.copyOf(partitions);
    }

    /** Cache counters as they travel in a heartbeat. */
    public record CacheCounters(long hits, long misses, long bytesFetched, long bytesOnDisk, long items, long evictions,
                                long memoryHits, long memoryMisses) {
    }
}
