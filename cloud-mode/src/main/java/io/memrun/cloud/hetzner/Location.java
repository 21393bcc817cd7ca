package io.memrun.cloud.hetzner;

import java.util.Objects;

/**
 * A Hetzner location (a data-center site).
 *
 * @param id          the location's id
 * @param name        its short name, e.g. {@code fsn1}; what {@link ServerSpec#location()} takes
 * @param description e.g. {@code Falkenstein DC Park 1}
 * @param country     ISO 3166-1 alpha-2 code, e.g. {@code DE}
 * @param city        e.g. {@code Falkenstein}
 * @param networkZone e.g. {@code eu-central}
 */
public record Location(long id, String name, String description, String country, String city, String networkZone) {
    public Location {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(city, "city");
        Objects.requireNonNull(networkZone, "networkZone");
    }
}
