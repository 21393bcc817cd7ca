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
 * @param phase {@value #SERVING} (a member of the group), {@value #STANDBY} (booted, warming up,
 *     not yet a member: a successor waiting for its slot), {@value #HANDED_OFF} (drained and
 *     closed without leaving the group, so its successor takes the same partitions) or
 *     {@value #FAILED} (could not start; see {@code error}); a heartbeat without one (an older
 *     worker) is serving
 * @param requests requests answered since the worker started; never null (zeros if absent)
 * @param warmup how far fetching its predecessor's hot set is; null when there was none
 * @param error with phase {@value #FAILED}: why the worker could not start (its service does not
 *     load, for one); null otherwise
 */
public record Heartbeat(String workerId, String service, int revision, String host, List<Integer> partitions,
                        int inFlight, CacheCounters cache, long sentAtMs, long intervalMs, boolean stopping,
                        String phase, RequestCounters requests, WarmupProgress warmup, String error) {
    /** The topic heartbeats go to. */
    public static final String TOPIC = "memrun.heartbeats";
    public static final String SERVING = "serving";
    public static final String STANDBY = "standby";
    public static final String HANDED_OFF = "handed-off";
    public static final String FAILED = "failed";

    /** The one heartbeat of a worker that could not start: phase {@value #FAILED} with the reason. */
    public static Heartbeat failed(String workerId, String service, int revision, String host, long intervalMs,
                                   String error) {
        return new Heartbeat(workerId, service, revision, host, List.of(), 0,
                new CacheCounters(0, 0, 0, 0, 0, 0, 0, 0), System.currentTimeMillis(), intervalMs, false, FAILED, null,
                null, error.length() > 1000 ? error.substring(0, 1000) + "..." : error);
    }

    public Heartbeat {
        partitions = List.copyOf(partitions);
        phase = phase == null ? SERVING : phase;
        requests = requests == null ? new RequestCounters(0, 0) : requests;
    }

    /** Whether the phase is one of the four. */
    public boolean knownPhase() {
        return phase.equals(SERVING) || phase.equals(STANDBY) || phase.equals(HANDED_OFF) || phase.equals(FAILED);
    }

    /**
     * Requests a worker answered.
     *
     * @param answered replies sent
     * @param failed of them with status 500: the handler failed (not the store, a deadline or the disk)
     */
    public record RequestCounters(long answered, long failed) {
    }

    /**
     * A successor's warmup, as {@code io.memrun.runtime.handoff.Warmup.Progress} reports it.
     *
     * @param objectsDone objects on disk
     * @param objectsTotal objects in the hot set
     * @param bytesDone their bytes
     * @param bytesTotal the hot set's bytes
     * @param failed objects that could not be fetched
     * @param finished whether it went through the whole set
     */
    public record WarmupProgress(int objectsDone, int objectsTotal, long bytesDone, long bytesTotal, int failed,
                                 boolean finished) {
    }

    /** Cache counters as they travel in a heartbeat. */
    public record CacheCounters(long hits, long misses, long bytesFetched, long bytesOnDisk, long items, long evictions,
                                long memoryHits, long memoryMisses) {
    }
}
