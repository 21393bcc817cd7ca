package io.memrun.cloud.hetzner;

import java.util.Locale;

/** The status of an action: {@code running} until it ends in {@code success} or {@code error}. */
public enum ActionStatus {
    RUNNING,
    SUCCESS,
    ERROR,
    /** A value this client does not recognise. */
    UNKNOWN;

    /** Whether the action has ended (successfully or not). {@link #UNKNOWN} counts as not ended. */
    public boolean finished() {
        return this == SUCCESS || this == ERROR;
    }

    /** Reads Hetzner's lower-case name; anything unrecognised is {@link #UNKNOWN}. */
    public static ActionStatus of(String wireName) {
        for (ActionStatus s : values()) {
            if (s.name().toLowerCase(Locale.ROOT).equals(wireName)) {
                return s;
            }
        }
        return UNKNOWN;
    }
}
