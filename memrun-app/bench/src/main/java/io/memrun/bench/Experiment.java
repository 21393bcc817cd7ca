package io.memrun.bench;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The experiments {@code memrun bench} can run, named as on the command line. */
public enum Experiment {
    /** 1: cold vs warm-disk vs warm-memory requests of the analytics example. */
    STATE_TAX("state-tax"),
    /** 2: the request path's latency and throughput, hop by hop. */
    REQUEST_PATH("request-path"),
    /** 3: hit rates of sticky vs random routing vs one big cache under a Zipf workload. */
    LOCALITY("locality"),
    /** 4: a warm read from memrun's cache vs a Redis GET on loopback. */
    PEER("peer"),
    /** 5: the state-tax workload with caching disabled, like a cold serverless function. */
    STATELESS("stateless"),
    /** 6: how long {@code memrun dev} takes from launch to a healthy stack, on a fresh data directory. */
    DEV_START("dev-start"),
    /** The user's own service and request, cold vs warm. */
    SERVICE("service");

    private final String cliName;

    Experiment(String cliName) {
        this.cliName = cliName;
    }

    /** The name used by {@code --experiments}. */
    public String cliName() {
        return cliName;
    }

    /** The experiments a run does when none are named: all but {@link #SERVICE}, which needs a service. */
    public static Set<Experiment> defaults() {
        return EnumSet.complementOf(EnumSet.of(SERVICE));
    }

    /**
     * Parses a comma-separated list such as {@code state-tax,peer}; {@code all} means {@link #defaults()}.
     *
     * @throws IllegalArgumentException naming the unknown entry and the known ones
     */
    public static Set<Experiment> parseList(String text) {
        Set<Experiment> out = EnumSet.noneOf(Experiment.class);
        for (String part : text.split(",")) {
            String name = part.strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (name.equals("all")) {
                out.addAll(defaults());
                continue;
            }
            out.add(Arrays.stream(values()).filter(e -> e.cliName.equals(name) || e.name().equalsIgnoreCase(name))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown experiment '" + part.strip()
                            + "'; known: " + Arrays.stream(values()).map(Experiment::cliName).collect(Collectors.joining(", "))
                            + ", all")));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--experiments names no experiment");
        }
        return out;
    }
}
