package io.memrun.cloud.hetzner;

import java.util.Locale;

/** A CPU architecture of a server type or image, as Hetzner names it ({@code x86}, {@code arm}). */
public enum Architecture {
    X86,
    ARM,
    /** A value this client does not know yet; never sent to Hetzner. */
    UNKNOWN;

    /** The name Hetzner uses on the wire ({@code x86}, {@code arm}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads Hetzner's name; anything unrecognised (including a missing value) is {@link #UNKNOWN}. */
    public static Architecture of(String wireName) {
        for (Architecture a : values()) {
            if (a != UNKNOWN && a.wireName().equals(wireName)) {
                return a;
            }
        }
        return UNKNOWN;
    }
}
