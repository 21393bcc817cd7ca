package io.memrun.cloud.hetzner.sim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How a {@link HetznerSim} serves and boots its servers.
 *
 * @param host the address to bind; defaults to {@code 127.0.0.1}. The fault hooks under
 *     {@code /_sim} need no token and answer loopback peers only.
 * @param port the HTTP port; 0 (the default) picks a free one
 * @param tokens the bearer tokens {@code /v1} accepts (at least one); defaults to
 *     {@value #DEFAULT_TOKEN}
 * @param root the state directory: server {@code id} gets {@code <root>/servers/<id>/fs/} as its
 *     filesystem root and {@code <root>/servers/<id>/console.log}; no default
 * @param bootDelay how long a server is {@code initializing} (or {@code starting}) before it is
 *     {@code running} and its user-data runs; defaults to 1 s (the hook {@code POST
 *     /_sim/boot_delay} changes it while running)
 * @param rateLimit the size of the request bucket, also the {@code RateLimit-Limit} header;
 *     defaults to Hetzner's 3600
 * @param rateRefill how often one request is given back to the bucket; defaults to 1 s (3600 per
 *     hour, Hetzner's refill)
 * @param java the java executable that runs a unit whose {@code ExecStart} names {@code java};
 *     defaults to the executable of the JVM running the sim
 */
public record SimSettings(String host, int port, Set<String> tokens, Path root, Duration bootDelay,
                          int rateLimit, Duration rateRefill, Path java) {
    /** The token {@link #defaults} accepts. */
    public static final String DEFAULT_TOKEN = "memrun-sim-token";
    /** 1 second. */
    public static final Duration DEFAULT_BOOT_DELAY = Duration.ofSeconds(1);
    /** Hetzner's 3600 requests per project. */
    public static final int DEFAULT_RATE_LIMIT = 3600;
    /** Hetzner gives one request back every second. */
    public static final Duration DEFAULT_RATE_REFILL = Duration.ofSeconds(1);

    public SimSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(bootDelay, "bootDelay");
        Objects.requireNonNull(rateRefill, "rateRefill");
        Objects.requireNonNull(java, "java");
        tokens = Set.copyOf(Objects.requireNonNull(tokens, "tokens"));
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, was " + port);
        }
        if (tokens.isEmpty() || tokens.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("at least one non-blank token is needed, was " + tokens.size());
        }
        if (bootDelay.isNegative()) {
            throw new IllegalArgumentException("boot delay must not be negative, was " + bootDelay);
        }
        if (rateLimit < 1) {
            throw new IllegalArgumentException("rate limit must be at least 1, was " + rateLimit);
        }
        if (rateRefill.isNegative() || rateRefill.isZero()) {
            throw new IllegalArgumentException("rate refill interval must be positive, was " + rateRefill);
        }
    }

    /** Every default, with state under {@code root}. */
    public static SimSettings defaults(Path root) {
        return new SimSettings("127.0.0.1", 0, Set.of(DEFAULT_TOKEN), root, DEFAULT_BOOT_DELAY,
                DEFAULT_RATE_LIMIT, DEFAULT_RATE_REFILL, currentJava());
    }

    /** A copy bound to another address ({@code 0.0.0.0} for every one). */
    public SimSettings withHost(String newHost) {
        return new SimSettings(newHost, port, tokens, root, bootDelay, rateLimit, rateRefill, java);
    }

    /** A copy with another java executable for the units. */
    public SimSettings withJava(Path newJava) {
        return new SimSettings(host, port, tokens, root, bootDelay, rateLimit, rateRefill, newJava);
    }

    /** A copy on another port. */
    public SimSettings withPort(int newPort) {
        return new SimSettings(host, newPort, tokens, root, bootDelay, rateLimit, rateRefill, java);
    }

    /** A copy accepting other tokens. */
    public SimSettings withTokens(Set<String> newTokens) {
        return new SimSettings(host, port, newTokens, root, bootDelay, rateLimit, rateRefill, java);
    }

    /** A copy with another boot delay. */
    public SimSettings withBootDelay(Duration newDelay) {
        return new SimSettings(host, port, tokens, root, newDelay, rateLimit, rateRefill, java);
    }

    /** A copy with another bucket size and refill interval. */
    public SimSettings withRateLimit(int limit, Duration refill) {
        return new SimSettings(host, port, tokens, root, bootDelay, limit, refill, java);
    }

    /** The java executable of this JVM (its command line's, else {@code java.home}'s). */
    static Path currentJava() {
        return ProcessHandle.current().info().command()
                .map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java"));
    }
}
