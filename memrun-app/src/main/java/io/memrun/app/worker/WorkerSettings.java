package io.memrun.app.worker;

import io.memrun.app.objectstore.NetworkProfile;
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
 * @param heartbeatInterval how often the worker reports to the control plane (10 s by default)
 * @param revision the service revision this worker runs
 * @param network how far away the object store feels ({@link NetworkProfile#local()} outside dev
 *     mode's simulation)
 */
public record WorkerSettings(String workerId, KafkaSettings kafka, ObjectStoreSettings objectStore, Path cacheDir,
                             long cacheMaxBytes, Duration drainTimeout, Duration heartbeatInterval, int revision,
                             NetworkProfile network) {
    /** 10 seconds. */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);

    public WorkerSettings {
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(objectStore, "objectStore");
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(network, "network");
        if (heartbeatInterval.toMillis() < 10) {
            throw new IllegalArgumentException("heartbeatInterval must be at least 10 ms, was " + heartbeatInterval);
        }
        if (cacheMaxBytes <= 0) {
            throw new IllegalArgumentException("cacheMaxBytes must be positive, was " + cacheMaxBytes);
        }
    }

    /** Settings with the object store at its real distance (no simulated network). */
    public WorkerSettings(String workerId, KafkaSettings kafka, ObjectStoreSettings objectStore, Path cacheDir,
                          long cacheMaxBytes, Duration drainTimeout, Duration heartbeatInterval, int revision) {
        this(workerId, kafka, objectStore, cacheDir, cacheMaxBytes, drainTimeout, heartbeatInterval, revision,
                NetworkProfile.local());
    }
}
