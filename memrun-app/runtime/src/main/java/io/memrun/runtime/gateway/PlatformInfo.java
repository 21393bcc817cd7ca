package io.memrun.runtime.gateway;

import java.net.URI;
import java.util.Objects;

/**
 * What {@code GET /v1/info} tells clients such as the shell: where the object store and the
 * broker are. Never carries credentials.
 *
 * @param version the memrun version
 * @param mode {@code dev} or {@code cloud}
 * @param objectStore the S3 endpoint
 * @param region the S3 signing region
 * @param bootstrapServers the Kafka cluster
 * @param more what only one mode has, by name (cloud mode: the Hetzner API's endpoint); never a secret
 */
public record PlatformInfo(String version, String mode, URI objectStore, String region, String bootstrapServers,
                           java.util.Map<String, String> more) {
    /** Information without mode-specific entries. */
    public PlatformInfo(String version, String mode, URI objectStore, String region, String bootstrapServers) {
        this(version, mode, objectStore, region, bootstrapServers, java.util.Map.of());
    }

    public PlatformInfo {
        more = java.util.Map.copyOf(more);
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(objectStore, "objectStore");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    }
}
