package io.memrun.dev.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The configuration of a single-node, combined broker+controller KRaft broker for dev mode.
 *
 * <p>Three layers, later ones win: {@link #DEV_DEFAULTS} (sized for one node and a laptop),
 * the caller's overrides, and the topology (roles, node id, listeners, quorum, log directory),
 * which the embedded broker depends on and callers therefore may not override.
 *
 * @param logDir the directory holding both partition logs and the KRaft metadata log
 * @param port the client (PLAINTEXT) listener port, already resolved (not 0)
 * @param controllerPort the controller listener port, already resolved (not 0)
 * @param overrides broker properties that replace the dev defaults
 */
public record BrokerSettings(Path logDir, int port, int controllerPort, Map<String, String> overrides) {

    public static final int NODE_ID = 1;
    public static final String CONTROLLER_LISTENER = "CONTROLLER";
    public static final String CLIENT_LISTENER = "PLAINTEXT";

    /** Defaults for one node on a developer machine; each may be overridden. */
    public static final Map<String, String> DEV_DEFAULTS = devDefaults();

    /** Keys that define the embedded topology; overriding them would break start-up or readiness. */
    public static final Set<String> RESERVED = Set.of(
            "process.roles", "node.id", "controller.quorum.voters", "controller.quorum.bootstrap.servers",
            "controller.listener.names", "listeners", "advertised.listeners",
            "listener.security.protocol.map", "inter.broker.listener.name", "log.dirs", "log.dir",
            "metadata.log.dir");

    public BrokerSettings {
        overrides = Map.copyOf(overrides);
        for (String key : overrides.keySet()) {
            if (RESERVED.contains(key)) {
                throw new IllegalArgumentException("broker property '" + key
                        + "' is set by the embedded broker itself and cannot be overridden");
            }
        }
        logDir = logDir.toAbsolutePath();
        if (port <= 0 || controllerPort <= 0) {
            throw new IllegalArgumentException("ports must be resolved before building settings, were "
                    + port + " and " + controllerPort);
        }
    }

    /** The full broker configuration, ready for {@code KafkaConfig}. */
    public Map<String, String> toProperties() {
        Map<String, String> props = new LinkedHashMap<>(DEV_DEFAULTS);
        props.putAll(overrides);
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        // A static voter set (kraft.version 0): the controller's address comes from this
        // configuration on every start rather than from the formatted metadata, so a restart may
        // use a different controller port.
        props.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("listeners", CLIENT_LISTENER + "://localhost:" + port + ","
                + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        props.put("advertised.listeners", CLIENT_LISTENER + "://localhost:" + port);
        props.put("listener.security.protocol.map",
                CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", CLIENT_LISTENER);
        props.put("log.dirs", logDir.toString());
        return props;
    }

    private static Map<String, String> devDefaults() {
        Map<String, String> d = new LinkedHashMap<>();
        // One node: every internal topic must live with a single replica.
        d.put("offsets.topic.replication.factor", "1");
        d.put("transaction.state.log.replication.factor", "1");
        d.put("transaction.state.log.min.isr", "1");
        d.put("share.coordinator.state.topic.replication.factor", "1");
        d.put("share.coordinator.state.topic.min.isr", "1");
        // 50 partitions each (the defaults) cost hundreds of files and a slow first consumer
        // group on a laptop; one coordinator partition is plenty for one node.
        d.put("offsets.topic.num.partitions", "1");
        d.put("transaction.state.log.num.partitions", "1");
        // A joining worker should get its partitions now, not after the 3 s default delay.
        d.put("group.initial.rebalance.delay.ms", "0");
        d.put("num.partitions", "1");
        // The platform creates its topics explicitly; a typo must fail, not invent a topic.
        d.put("auto.create.topics.enable", "false");
        // After a crash (SIGKILL) the controller still holds the dead broker's registration and
        // makes the new incarnation wait until that session expires: 9 s by default, which was
        // most of a 14.5 s restart. One node on loopback needs no such margin.
        d.put("broker.session.timeout.ms", "2000");
        d.put("broker.heartbeat.interval.ms", "500");
        // The log cleaner allocates this buffer up front (128 MiB by default) on the heap
        // of the process that embeds the broker.
        d.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        return Map.copyOf(d);
    }
}
