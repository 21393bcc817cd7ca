package io.memrun.cloud.scheduler;

import io.memrun.cloud.hetzner.HetznerCloud;
import io.memrun.cloud.hetzner.HetznerException;
import io.memrun.cloud.hetzner.ServerType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Hetzner's server types and prices, read live and kept for ten minutes. */
final class ServerTypes {
    private static final Duration TTL = Duration.ofMinutes(10);
    private final HetznerCloud hetzner;
    private final String location;
    private List<ServerType> types = List.of();
    private Instant readAt = Instant.EPOCH;

    ServerTypes(HetznerCloud hetzner, String location) {
        this.hetzner = hetzner;
        this.location = location;
    }

    synchronized List<ServerType> all() throws HetznerException {
        if (types.isEmpty() || Instant.now().isAfter(readAt.plus(TTL))) {
            types = hetzner.serverTypes();
            readAt = Instant.now();
        }
        return types;
    }

    /** The cheapest type for a worker of this size; see {@link ServerTypeChoice}. */
    ServerTypeChoice.Choice choose(long memoryBytes, long diskBytes) throws HetznerException {
        return ServerTypeChoice.choose(all(), location, memoryBytes, diskBytes);
    }
}
