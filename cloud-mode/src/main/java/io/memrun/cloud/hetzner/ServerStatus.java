package io.memrun.cloud.hetzner;

import java.util.Locale;

/**
 * The status of a server. Hetzner bills a server until it is deleted, whatever its status.
 * A status this client does not know maps to {@link #UNKNOWN} rather than failing the call.
 */
public enum ServerStatus {
    INITIALIZING,
    STARTING,
    RUNNING,
    STOPPING,
    OFF,
    DELETING,
    REBUILDING,
    MIGRATING,
    /** Hetzner's own {@code unknown}, or a value this client does not recognise. */
    UNKNOWN;

    /** Reads Hetzner's lower-case name; anything unrecognised is {@link #UNKNOWN}. */
    public static ServerStatus of(String wireName) {
        for (ServerStatus s : values()) {
            if (s.name().toLowerCase(Locale.ROOT).equals(wireName)) {
                return s;
            }
        }
        return UNKNOWN;
    }
}
