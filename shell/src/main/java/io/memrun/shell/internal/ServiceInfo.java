package io.memrun.shell.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A deployed service as {@code GET /v1/services} describes it. */
public record ServiceInfo(String name, List<String> stickyFields, int partitions, long memoryBytes, long diskBytes,
                          int maxWorkers, int concurrency, int revision) {
    public ServiceInfo {
        stickyFields = List.copyOf(stickyFields);
    }

    static ServiceInfo of(JsonNode n) {
        String sticky = n.path("sticky_key").asText("");
        return new ServiceInfo(n.path("name").asText(), sticky.isEmpty() ? List.of() : List.of(sticky.split(":")),
                n.path("partitions").asInt(), n.path("memory_bytes").asLong(), n.path("disk_bytes").asLong(),
                n.path("max_workers").asInt(), n.path("concurrency").asInt(), n.path("revision").asInt());
    }

    /** The sticky key as written ({@code user_id:dataset_id}). */
    public String stickyKey() {
        return String.join(":", stickyFields);
    }
}
