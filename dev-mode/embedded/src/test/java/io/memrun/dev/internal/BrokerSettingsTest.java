package io.memrun.dev.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BrokerSettingsTest {
    private static final Path LOG_DIR = Path.of("/data/kafka/logs");

    @Test
    void toProperties_noOverrides_hasDevDefaultsAndKafkaDefaultMessageSize() {
        Map<String, String> props = new BrokerSettings(LOG_DIR, 9092, 9093, Map.of()).toProperties();

        assertEquals("false", props.get("auto.create.topics.enable"));
        assertEquals("0", props.get("group.initial.rebalance.delay.ms"));
        assertEquals("1", props.get("offsets.topic.replication.factor"));
        assertFalse(props.containsKey("message.max.bytes"));
    }

    @Test
    void toProperties_override_replacesTheDevDefault() {
        Map<String, String> props = new BrokerSettings(LOG_DIR, 9092, 9093,
                Map.of("num.partitions", "6", "message.max.bytes", "10485760")).toProperties();

        assertEquals("6", props.get("num.partitions"));
        assertEquals("10485760", props.get("message.max.bytes"));
    }

    @Test
    void toProperties_ports_areTheListenersAndTheStaticVoter() {
        Map<String, String> props = new BrokerSettings(LOG_DIR, 9092, 9093, Map.of()).toProperties();

        assertEquals("PLAINTEXT://localhost:9092,CONTROLLER://localhost:9093", props.get("listeners"));
        assertEquals("PLAINTEXT://localhost:9092", props.get("advertised.listeners"));
        assertEquals("1@localhost:9093", props.get("controller.quorum.voters"));
        assertTrue(props.get("log.dirs").endsWith("logs"));
    }

    @Test
    void new_reservedKeyOverridden_throwsNamingTheKey() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> new BrokerSettings(LOG_DIR, 9092, 9093, Map.of("log.dirs", "/elsewhere")));

        assertTrue(failure.getMessage().contains("log.dirs"));
    }
}
