package io.memrun.cloud.hetzner;

import java.util.Objects;

/**
 * An image a server can be created from.
 *
 * @param id           the image's id
 * @param name         its name, e.g. {@code debian-13}; unique per architecture, not overall
 * @param description  e.g. {@code Debian 13}
 * @param architecture the CPU architecture it runs on
 * @param osFlavor     e.g. {@code debian}, {@code ubuntu}
 * @param osVersion    e.g. {@code 13}
 * @param deprecated   whether Hetzner has announced its removal
 */
public record Image(long id, String name, String description, Architecture architecture, String osFlavor,
                    String osVersion, boolean deprecated) {
    public Image {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(osFlavor, "osFlavor");
        Objects.requireNonNull(osVersion, "osVersion");
    }
}
