package io.memrun.shell.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Optional;

/**
 * What {@code GET /v1/info} says about the platform the shell talks to.
 *
 * @param version the memrun version
 * @param mode {@code dev} or {@code cloud}
 * @param objectStore the object store's endpoint, if the platform named one
 * @param region the object store's signing region
 * @param kafka the broker's bootstrap servers, empty if not said
 */
public record PlatformInfo(String version, String mode, Optional<URI> objectStore, String region, String kafka) {
    static PlatformInfo of(JsonNode n) {
        JsonNode os = n.path("object_store");
        String endpoint = os.path("endpoint").asText("");
        return new PlatformInfo(n.path("version").asText("?"), n.path("mode").asText("?"),
                endpoint.isEmpty() ? Optional.empty() : Optional.of(URI.create(endpoint)),
                os.path("region").asText("us-east-1"), n.path("kafka").path("bootstrap").asText(""));
    }

    /** Whether this is {@code memrun dev}, where local workers can be killed and restarted. */
    public boolean dev() {
        return "dev".equals(mode);
    }
}
