package io.memrun.runtime.worker;

import io.memrun.runtime.wire.KafkaSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How one worker runs.
 *
 * @param workerId stable identity; also the Kafka static-membership id, so a restart with the same
 *     id gets the same partitions (and warm cache) back
 * @param kafka the cluster and record limits
 * @param cacheDir this worker's own cache directory
 * @param cacheMaxBytes the disk budget of the cache
 * @param drainTimeout how long shutdown waits for in-flight requests
 * @param heartbeatInterval how often the worker reports to the control plane (10 s by default)
 * @param revision the service revision this worker runs
 * @param host where the worker runs, as its heartbeats say: the machine's host name, or in cloud
 *     mode the server's name (several simulated servers share one machine)
 */
public record WorkerSettings(String workerId, KafkaSettings kafka, Path cacheDir, long cacheMaxBytes,
                             Duration drainTimeout, Duration heartbeatInterval, int revision, String host) {
    /** 10 seconds. */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);

    /** Settings for a worker on this machine, named by its host name. */
    public WorkerSettings(String workerId, KafkaSettings kafka, Path cacheDir, long cacheMaxBytes,
                          Duration drainTimeout, Duration heartbeatInterval, int revision) {
        this(workerId, kafka, cacheDir, cacheMaxBytes, drainTimeout, heartbeatInterval, revision, localHostName());
    }

    /** This machine's host name, or {@code unknown}. */
    public static String localHostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown";
        }
    }

    public WorkerSettings {
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        if (heartbeatInterval.toMillis() < 10) {
            throw new IllegalArgumentException("heartbeatInterval must be at least 10 ms, was " + heartbeatInterval);
        }
        if (cacheMaxBytes <= 0) {
            throw new IllegalArgumentException("cacheMaxBytes must be positive, was " + cacheMaxBytes);
        }
    }
}
