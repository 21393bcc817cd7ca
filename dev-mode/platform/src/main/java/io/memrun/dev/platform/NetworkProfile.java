package io.memrun.dev.platform;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How far away the object store feels: a fixed latency per request and a bandwidth shared by all
 * transfers of one client. {@link #local()} adds nothing. {@code memrun dev --s3-latency 80ms
 * --s3-bandwidth 100MB/s} uses one to make the state tax visible on a laptop.
 *
 * @param latency added to every request (first byte)
 * @param bytesPerSecond the link's bandwidth; {@link Long#MAX_VALUE} for unlimited
 */
public record NetworkProfile(Duration latency, long bytesPerSecond) {
    public NetworkProfile {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, was " + latency);
        }
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bandwidth must be positive, was " + bytesPerSecond);
        }
    }

    /** No added latency, unlimited bandwidth. */
    public static NetworkProfile local() {
        return new NetworkProfile(Duration.ZERO, Long.MAX_VALUE);
    }

    /** Whether this profile changes anything. */
    public boolean isLocal() {
        return latency.isZero() && bytesPerSecond == Long.MAX_VALUE;
    }

    /**
     * Parses a bandwidth such as {@code 100MB/s}, {@code 1Gbit/s} or {@code 50MiB/s}.
     *
     * @throws IllegalArgumentException saying what forms are accepted
     */
    public static long parseBandwidth(String text) {
        String t = text.strip();
        boolean bits = t.toLowerCase(Locale.ROOT).matches(".*bit(/s|ps)?$");
        String number = t.replaceAll("(?i)(bit|b)?(/s|ps)?$", "");
        try {
            long v = io.memrun.sdk.Sizes.parse(number);
            return bits ? Math.max(1, v / 8) : v;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid bandwidth '" + text + "': write e.g. 100MB/s, 50MiB/s or 1Gbit/s");
        }
    }

    @Override
    public String toString() {
        return isLocal() ? "local" : latency.toMillis() + " ms, "
                + (bytesPerSecond == Long.MAX_VALUE ? "unlimited" : io.memrun.sdk.Sizes.format(bytesPerSecond) + "/s");
    }
}
