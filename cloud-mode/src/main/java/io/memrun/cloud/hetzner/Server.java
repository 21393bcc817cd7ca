package io.memrun.cloud.hetzner;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A server (VM) as Hetzner reports it.
 *
 * @param id         the server's id, stable for its life
 * @param name       its name, unique per project
 * @param status     its status; {@link ServerStatus#UNKNOWN} for values this client does not know
 * @param serverType the server type's name, e.g. {@code cx22}
 * @param location   the location's name, e.g. {@code fsn1}
 * @param labels     its labels, the scheduler's durable index
 * @param created    when it was created
 * @param publicIpv4 its public IPv4 address, empty when it has none
 */
public record Server(long id, String name, ServerStatus status, String serverType, String location,
                     Map<String, String> labels, Instant created, Optional<String> publicIpv4) {
    public Server {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(serverType, "serverType");
        Objects.requireNonNull(location, "location");
        labels = Map.copyOf(labels);
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(publicIpv4, "publicIpv4");
    }
}
