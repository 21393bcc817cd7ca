package io.memrun.shell.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A worker as {@code GET /v1/services/{name}/workers} describes it. */
public record WorkerInfo(String id, String status, int revision, String host, List<Integer> partitions, int inFlight,
                         long hits, long misses, long bytesOnDisk, long items, long evictions, long memoryHits,
                         long memoryMisses, double secondsSinceHeartbeat) {
    public WorkerInfo {
        partitions = List.copyOf(partitions);
    }

    static WorkerInfo of(JsonNode n) {
        List<Integer> parts = new ArrayList<>();
        n.path("partitions").forEach(p -> parts.add(p.asInt()));
        JsonNode c = n.path("cache");
        return new WorkerInfo(n.path("id").asText(), n.path("status").asText("?"), n.path("revision").asInt(),
                n.path("host").asText(""), parts, n.path("in_flight").asInt(), c.path("hits").asLong(),
                c.path("misses").asLong(), c.path("bytesOnDisk").asLong(), c.path("items").asLong(),
                c.path("evictions").asLong(), c.path("memoryHits").asLong(), c.path("memoryMisses").asLong(),
                n.path("seconds_since_heartbeat").asDouble(-1));
    }
}
