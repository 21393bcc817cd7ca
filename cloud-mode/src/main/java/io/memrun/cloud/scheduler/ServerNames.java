package io.memrun.cloud.scheduler;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Deterministic server names and the {@code memrun.io/*} labels that index the scheduler's servers.
 *
 * <p>A server's name is a function of (cluster, service, slot, revision, generation), so a create
 * retried after a lost answer or a scheduler restart hits Hetzner's {@code uniqueness_error}
 * instead of making a second server; the labels let a restarted scheduler find every server it
 * made ({@code memrun.io/cluster=<cluster>}). Names are valid hostnames (at most 63 characters):
 * a long service name is shortened and made unique again with a hash.
 */
public final class ServerNames {
    public static final String CLUSTER = "memrun.io/cluster";
    public static final String SERVICE = "memrun.io/service";
    public static final String SLOT = "memrun.io/slot";
    public static final String REVISION = "memrun.io/revision";
    public static final String GENERATION = "memrun.io/generation";
    public static final String ROLE = "memrun.io/role";

    private ServerNames() {
    }

    /** The server name of a slot's server, e.g. {@code memrun-analytics-engine-s0-r1-g0}. */
    public static String name(String cluster, String service, int slot, int revision, int generation) {
        String suffix = "-s" + slot + "-r" + revision + "-g" + generation;
        String base = cluster + "-" + service;
        if (base.length() + suffix.length() > 63) {
            String hash = hash(base).substring(0, 6);
            base = base.substring(0, 63 - suffix.length() - 7).replaceAll("-+$", "") + "-" + hash;
        }
        return base + suffix;
    }

    /** The labels of a slot's server. */
    public static Map<String, String> labels(String cluster, String service, int slot, int revision, int generation) {
        return Map.of(CLUSTER, cluster, SERVICE, service, SLOT, Integer.toString(slot), REVISION,
                Integer.toString(revision), GENERATION, Integer.toString(generation), ROLE, "worker");
    }

    /** The label selector of every server of a cluster. */
    public static String clusterSelector(String cluster) {
        return CLUSTER + "=" + cluster;
    }

    /** The Kafka static-membership id of a slot: its successors reuse it and get its partitions. */
    public static String workerId(String service, int slot) {
        return service + "-s" + slot;
    }

    /** An integer label, if present and well-formed. */
    public static Optional<Integer> intLabel(Map<String, String> labels, String key) {
        try {
            return Optional.ofNullable(labels.get(key)).map(Integer::parseInt);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
