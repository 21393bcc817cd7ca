package io.memrun.runtime.wire;

/**
 * Kafka topic and group names. Part of the documented wire format (docs/wire-format.md): a user's
 * own Kafka client may produce requests to {@link #requests} directly.
 */
public final class Topics {
    private Topics() {
    }

    /** The topic a service's requests go to, e.g. {@code memrun.analytics-engine.requests}. */
    public static String requests(String service) {
        return "memrun." + service + ".requests";
    }

    /** The consumer group of a service's workers. */
    public static String workerGroup(String service) {
        return "memrun." + service + ".workers";
    }

    /** The single-partition topic a gateway instance receives replies on. */
    public static String replies(String gatewayId) {
        return "memrun.gateway." + gatewayId + ".replies";
    }

    /**
     * How many partitions a service's request topic gets: four per possible worker, at least 8.
     * Fixed at creation, because changing it would move keys and cold-start every cache; having
     * several per worker means scaling moves whole partitions, not keys.
     */
    public static int partitionsFor(int maxWorkers) {
        return Math.max(8, 4 * maxWorkers);
    }
}
