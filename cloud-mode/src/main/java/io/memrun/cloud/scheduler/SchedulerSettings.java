package io.memrun.cloud.scheduler;

import io.memrun.cloud.hetzner.HetznerSettings;
import io.memrun.runtime.objectstore.ObjectStoreSettings;
import io.memrun.runtime.wire.KafkaSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a scheduler runs.
 *
 * @param dataDir its H2 files, admin token and artifact copies
 * @param httpHost the gateway's bind address
 * @param httpPort the gateway's port (0: any free one)
 * @param advertiseUrl where worker servers reach the scheduler; empty: {@code http://127.0.0.1:<port>}
 *     (right only when the "servers" are local processes, as under {@code up --local})
 * @param cluster names and labels the cluster's servers ({@code memrun.io/cluster}); one Hetzner
 *     project can hold several clusters
 * @param kafka the user's cluster
 * @param store the user's S3-compatible store
 * @param bucket where artifacts and the memrun jar go
 * @param hetzner the Hetzner API
 * @param location where servers are created, e.g. {@code fsn1}
 * @param image the servers' image; it must offer a JRE 21 package (Ubuntu 24.04, Debian 13)
 * @param workerJar the memrun jar the servers run (this scheduler's own build)
 * @param heartbeatInterval the workers' heartbeat interval (10 s by default); 3 silent intervals
 *     mark a worker lost
 * @param bootDeadline how long a new server may take to send its first heartbeat
 * @param reconcileInterval how often the reconciler observes and acts when nothing wakes it
 * @param maxBodyBytes the largest request body
 * @param rollout how rolling deploys replace slots
 */
public record SchedulerSettings(Path dataDir, String httpHost, int httpPort, Optional<URI> advertiseUrl, String cluster,
                                KafkaSettings kafka, ObjectStoreSettings store, String bucket, HetznerSettings hetzner,
                                String location, String image, Path workerJar, Duration heartbeatInterval,
                                Duration bootDeadline, Duration reconcileInterval, int maxBodyBytes,
                                RolloutSettings rollout) {
    /** 10 minutes: a real VM installs a JRE before the worker starts. */
    public static final Duration DEFAULT_BOOT_DEADLINE = Duration.ofMinutes(10);

    public SchedulerSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(hetzner, "hetzner");
        Objects.requireNonNull(workerJar, "workerJar");
        Objects.requireNonNull(rollout, "rollout");
        if (!cluster.matches("[a-z0-9]([a-z0-9-]{0,18}[a-z0-9])?")) {
            throw new IllegalArgumentException("cluster name must be 1-20 lowercase letters, digits or '-', was '" + cluster + "'");
        }
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("the artifact bucket is empty: give --bucket");
        }
    }
}
