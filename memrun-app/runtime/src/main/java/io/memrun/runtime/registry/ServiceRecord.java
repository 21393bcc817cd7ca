package io.memrun.runtime.registry;

import io.memrun.sdk.StickyKey;
import java.time.Instant;

/**
 * A service as the control plane knows it.
 *
 * @param name the service name
 * @param stickyKey the routing fields
 * @param partitions the request topic's partition count, fixed at creation
 * @param memoryBytes memory per worker
 * @param diskBytes disk per worker
 * @param maxWorkers the most workers
 * @param concurrency handler invocations per worker at once
 * @param revision increases with every deploy
 * @param updatedAt when the last revision was registered
 */
public record ServiceRecord(String name, StickyKey stickyKey, int partitions, long memoryBytes, long diskBytes,
                            int maxWorkers, int concurrency, int revision, Instant updatedAt) {
}
