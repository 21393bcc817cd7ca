package io.memrun.runtime.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * How the gateway serves HTTP.
 *
 * @param host the address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port the HTTP port; 0 picks a free one
 * @param maxBodyBytes the largest request body accepted (defaults to 1 MiB, Kafka's default record
 *     size; the Kafka record limits are derived from it so an accepted body never fails later)
 * @param defaultDeadline how long a synchronous invoke waits for its reply (defaults to 30 s)
 */
public record GatewaySettings(String host, int port, int maxBodyBytes, Duration defaultDeadline) {
    /** 1 MiB. */
    public static final int DEFAULT_MAX_BODY = 1 << 20;
    /** 30 seconds. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

    public GatewaySettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(defaultDeadline, "defaultDeadline");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("HTTP port must be 0-65535, was " + port);
        }
        if (maxBodyBytes < 1024 || maxBodyBytes > 64 << 20) {
            throw new IllegalArgumentException("max body must be between 1 KiB and 64 MiB, was " + maxBodyBytes);
        }
    }

    /** Defaults on a port. */
    public static GatewaySettings defaults(String host, int port) {
        return new GatewaySettings(host, port, DEFAULT_MAX_BODY, DEFAULT_DEADLINE);
    }
}
