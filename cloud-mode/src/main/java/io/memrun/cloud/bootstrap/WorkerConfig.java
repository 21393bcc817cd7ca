package io.memrun.cloud.bootstrap;

import java.util.Map;
import java.util.Objects;

/**
 * What a cloud worker receives from the scheduler in exchange for its bootstrap token: everything
 * it needs to serve its slot, including the credentials that must never travel in user-data. The
 * worker keeps it in a file readable only by itself (mode 0600) so a restart needs no second
 * exchange. {@link #toString()} names no secret.
 *
 * @param service the service this server runs
 * @param slot the slot it fills; its worker id ({@code group.instance.id}) derives from it
 * @param workerId the Kafka static-membership id of the slot, {@code <service>-s<slot>}
 * @param serverName the server's name, reported as the host in heartbeats
 * @param revision the service revision
 * @param kafkaBootstrap the cluster's bootstrap servers
 * @param kafkaProperties client properties (TLS, SASL credentials)
 * @param maxBodyBytes the largest request body, as the gateway's
 * @param s3Endpoint the object store
 * @param s3Region its signing region
 * @param s3AccessKey its access key
 * @param s3SecretKey its secret key
 * @param artifactUrl a short-lived presigned URL of the service artifact; empty for the example
 *     bundled in the memrun jar
 * @param artifactSha256 the artifact's SHA-256 (hex); empty with no artifact
 * @param artifactKind {@code jar}, {@code zip} (a zipped classes or sources directory) or {@code bundled}
 * @param heartbeatMs how often to heartbeat
 * @param standby whether to start in standby: the slot's predecessor still serves, and the worker
 *     warms up and joins when the scheduler orders it (a rolling deploy's warm handoff)
 */
public record WorkerConfig(String service, int slot, String workerId, String serverName, int revision,
                           String kafkaBootstrap, Map<String, String> kafkaProperties, int maxBodyBytes,
                           String s3Endpoint, String s3Region, String s3AccessKey, String s3SecretKey,
                           String artifactUrl, String artifactSha256, String artifactKind, long heartbeatMs,
                           boolean standby) {
    public WorkerConfig {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(serverName, "serverName");
        kafkaProperties = Map.copyOf(kafkaProperties);
    }

    @Override
    public String toString() {
        return "WorkerConfig[" + workerId + " on " + serverName + ", revision " + revision + ", kafka " + kafkaBootstrap
                + ", store " + s3Endpoint + ", artifact " + artifactKind + (standby ? ", standby" : "") + "]";
    }
}
