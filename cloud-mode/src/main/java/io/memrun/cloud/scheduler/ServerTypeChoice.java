package io.memrun.cloud.scheduler;

import io.memrun.cloud.hetzner.ServerType;
import io.memrun.sdk.Sizes;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Picks the cheapest server type, from Hetzner's live list and prices, with at least the memory and
 * disk a service declares per worker (the declaration is what a worker gets in all; the cache and
 * the in-memory store are sized inside it). Deprecated types are skipped; ties go to the name.
 */
public final class ServerTypeChoice {
    private ServerTypeChoice() {
    }

    /** The chosen type and its hourly price (net, EUR) in the location. */
    public record Choice(ServerType type, BigDecimal hourlyNet, BigDecimal monthlyNet) {
    }

    /**
     * @throws IllegalArgumentException naming the largest type on offer when none fits
     */
    public static Choice choose(List<ServerType> types, String location, long memoryBytes, long diskBytes) {
        Optional<Choice> best = types.stream()
                .filter(t -> !t.deprecated())
                .filter(t -> t.memoryBytes() >= memoryBytes && t.diskBytes() >= diskBytes)
                .flatMap(t -> t.priceIn(location).stream().map(p -> new Choice(t, p.hourlyNet(), p.monthlyNet())))
                .min(Comparator.comparing(Choice::hourlyNet).thenComparing(c -> c.type().name()));
        if (best.isPresent()) {
            return best.get();
        }
        ServerType largest = types.stream().filter(t -> t.priceIn(location).isPresent())
                .max(Comparator.comparingLong(ServerType::memoryBytes)).orElse(null);
        throw new IllegalArgumentException("no server type in " + location + " has " + Sizes.format(memoryBytes)
                + " of memory and " + Sizes.format(diskBytes) + " of disk"
                + (largest == null ? " (Hetzner lists none there: check the location)"
                : "; the largest is " + largest.name() + " with " + Sizes.format(largest.memoryBytes()) + " and "
                        + Sizes.format(largest.diskBytes()) + ": lower the service's memory or disk"));
    }
}
