package io.memrun.cloud.hetzner;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A server type (a VM size) with its prices per location.
 *
 * <p>Hetzner reports memory and disk in "GB"; they are converted here taking a GB as 2<sup>30</sup>
 * bytes (Hetzner's RAM sizes are binary: a "4 GB" type has 4 GiB).
 *
 * @param id           the type's id
 * @param name         e.g. {@code cx22}; what {@link ServerSpec#serverType()} takes
 * @param cores        virtual CPUs
 * @param memoryBytes  RAM in bytes
 * @param diskBytes    local disk in bytes
 * @param architecture x86 or arm
 * @param deprecated   whether Hetzner has announced its removal (no new servers after a date)
 * @param prices       one entry per location the type is sold in
 */
public record ServerType(long id, String name, int cores, long memoryBytes, long diskBytes, Architecture architecture,
                         boolean deprecated, List<Price> prices) {

    /**
     * What a server type costs in one location, in the currency of the account (EUR), as exact decimals.
     *
     * @param location     the location's name, e.g. {@code fsn1}
     * @param hourlyNet    per hour, without VAT
     * @param hourlyGross  per hour, with VAT
     * @param monthlyNet   per month (the cap a server is billed at), without VAT
     * @param monthlyGross per month, with VAT
     */
    public record Price(String location, BigDecimal hourlyNet, BigDecimal hourlyGross, BigDecimal monthlyNet,
                        BigDecimal monthlyGross) {
        public Price {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(hourlyNet, "hourlyNet");
            Objects.requireNonNull(hourlyGross, "hourlyGross");
            Objects.requireNonNull(monthlyNet, "monthlyNet");
            Objects.requireNonNull(monthlyGross, "monthlyGross");
        }
    }

    public ServerType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(architecture, "architecture");
        prices = List.copyOf(prices);
    }

    /** The price in the named location, empty when the type is not sold there. */
    public Optional<Price> priceIn(String location) {
        return prices.stream().filter(p -> p.location().equals(location)).findFirst();
    }
}
