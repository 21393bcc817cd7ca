package io.memrun.app.worker;

import io.memrun.app.objectstore.ObjectStoreSettings;
import io.memrun.app.wire.KafkaSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How one worker runs.
 *
 * @param workerId stable identity; also the Kafka static-membership id, so a restart with the same
 *     id gets the same partitions (and warm cache) back
 * @param kafka the cluster and record limits
 * @param objectStore where cache misses are fetched
 * @param cacheDir this worker's own cache directory
 * @param cacheMaxBytes the disk budget of the cache
 * @param drainTimeout how long shutdown waits for in-flight requests
 */
public record WorkerSettings(String workerId, KafkaSettings kafka, ObjectStoreSettings objectStore, Path cacheDir,
                             long cacheMaxBytes, Duration drainTimeout) {
    public WorkerSettings {
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(objectStore, "objectStore");
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        if (cacheMaxBytes <= 0) {
            throw new IllegalArgumentException("cacheMaxBytes must be positive, was " + cacheMaxBytes);
        }
    }
}
