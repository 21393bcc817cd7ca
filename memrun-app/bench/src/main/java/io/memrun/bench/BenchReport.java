package io.memrun.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Everything one run measured; an experiment that did not run leaves its field {@code null}.
 * Serialised as {@code results.json} (Jackson writes the records as they are).
 */
final class BenchReport {
    /**
     * The state-tax experiment: the workload, the end-to-end cold/warm figures, the cache layer
     * alone, the cold path against the store's bandwidth, and a cold load over a simulated link
     * decoded while the bytes arrive and after.
     */
    record StateTax(String dataset, long bytes, long rows, ColdWarmBench.Result requests, CacheLayerBench.Result cacheLayer,
                    ColdPathBench.Result coldPath, ArrivingDecodeBench.Result arriving) {
        /**
         * The cache's fetch rate, MB/s: a cold acquire with nothing else running (the cold requests'
         * own fetch overlaps their decode, which competes with it for the cores).
         */
        @JsonProperty
        double fetchMBps() {
            return coldPath.cacheFetchMBps();
        }
    }

    /** The user's own service, cold vs warm, end to end and at the cache layer. */
    record Service(String service, String request, ColdWarmBench.Result requests, CacheLayerBench.Result cacheLayer) {
    }

    MachineInfo machine;
    String size;
    StateTax stateTax;
    List<RequestPathBench.Row> requestPath;
    LocalityBench.Result locality;
    PeerBench.Result peer;
    StatelessBench.Result stateless;
    Service service;
    DevStartBench.Result devStart;
    List<TargetCheck> targets;
    double seconds;

    public MachineInfo getMachine() {
        return machine;
    }

    public String getSize() {
        return size;
    }

    public StateTax getStateTax() {
        return stateTax;
    }

    public List<RequestPathBench.Row> getRequestPath() {
        return requestPath;
    }

    public LocalityBench.Result getLocality() {
        return locality;
    }

    public PeerBench.Result getPeer() {
        return peer;
    }

    public StatelessBench.Result getStateless() {
        return stateless;
    }

    public Service getService() {
        return service;
    }

    public DevStartBench.Result getDevStart() {
        return devStart;
    }

    public List<TargetCheck> getTargets() {
        return targets;
    }

    public double getSeconds() {
        return seconds;
    }
}
