package io.memrun.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What the embedded broker promises beyond the broker contract: persistence, defaults, failures. */
@ExtendWith(SharedInfrastructure.class)
class EmbeddedKafkaBrokerTest {

    @Test
    void start_afterCloseOnSameDataDirAndPort_keepsTopicsMessagesAndClusterId(@TempDir Path dataDir) throws Exception {
        String topic = "survivor";
        int port;
        String clusterId;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
            port = broker.port();
            clusterId = broker.clusterId();
            KafkaClients clients = new KafkaClients(broker.bootstrapServers());
            clients.createTopic(topic, 1);
            try (var producer = clients.producer()) {
                producer.send(new ProducerRecord<>(topic, "k", "written before the restart")).get(30, TimeUnit.SECONDS);
            }
        }

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, port)) {
            assertEquals(port, broker.port());
            assertEquals(clusterId, broker.clusterId());
            var records = new KafkaClients(broker.bootstrapServers()).consumeFromStart(topic, "after-restart", 1);
            assertEquals("written before the restart", records.getFirst().value());
        }
        assertTrue(Files.exists(dataDir.resolve("logs").resolve("meta.properties")));
    }

    @Test
    void start_portAlreadyBound_throwsStartupExceptionNamingThePort(@TempDir Path dataDir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            StartupException failure = assertThrows(StartupException.class,
                    () -> EmbeddedKafkaBroker.start(dataDir, taken.getLocalPort()));

            assertTrue(failure.getMessage().contains("localhost:" + taken.getLocalPort()), failure.getMessage());
        }
    }

    @Test
    void start_dataDirOfARunningBroker_throwsStartupExceptionAndLeavesTheFirstRunning(@TempDir Path dataDir)
            throws Exception {
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(dataDir, 0)) {
            StartupException failure = assertThrows(StartupException.class,
                    () -> EmbeddedKafkaBroker.start(dataDir, 0));

            assertTrue(failure.getMessage().contains("in use"), failure.getMessage());
            new KafkaClients(first.bootstrapServers()).createTopic("still-serving", 1);
        }
        // The lock goes with the broker that held it.
        EmbeddedKafkaBroker.start(dataDir, 0).close();
    }

    @Test
    void start_reservedPropertyOverridden_throwsIllegalArgumentException(@TempDir Path dataDir) {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> EmbeddedKafkaBroker.start(dataDir, 0, Map.of("listeners", "PLAINTEXT://:9092")));

        assertTrue(failure.getMessage().contains("listeners"), failure.getMessage());
    }

    @Test
    void start_messageMaxBytesOverridden_brokerUsesTheOverride(@TempDir Path dataDir) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0,
                Map.of("message.max.bytes", "5242880"))) {
            assertEquals("5242880", brokerConfig(broker, "message.max.bytes"));
        }
    }

    @Test
    void start_withoutOverrides_keepsKafkaDefaultMessageMaxBytes(EmbeddedKafkaBroker shared) throws Exception {
        assertEquals("1048588", brokerConfig(shared, "message.max.bytes"));
    }

    @Test
    void produce_topicThatDoesNotExist_failsInsteadOfCreatingIt(EmbeddedKafkaBroker shared) throws Exception {
        String topic = "never-created-" + UUID.randomUUID();
        KafkaClients clients = new KafkaClients(shared.bootstrapServers());

        try (var producer = clients.producer()) {
            ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>(topic, "k", "v")).get(30, TimeUnit.SECONDS));
            assertInstanceOf(TimeoutException.class, failure.getCause());
        }
        try (Admin admin = clients.admin()) {
            assertTrue(!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic));
        }
    }

    @Test
    void kafkaExitOrHalt_whileBrokerRuns_throwsInsteadOfEndingTheJvm(EmbeddedKafkaBroker shared) {
        assertTrue(shared.port() > 0);

        assertThrows(IllegalStateException.class, () -> Exit.exit(1, "simulated fatal fault"));
        assertThrows(IllegalStateException.class, () -> Exit.halt(1, "simulated fatal fault"));
    }

    @Test
    void close_calledTwice_secondCallDoesNothing(@TempDir Path dataDir) {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0);
        broker.close();

        broker.close();
    }

    private static String brokerConfig(EmbeddedKafkaBroker broker, String name) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, "1");
        try (Admin admin = new KafkaClients(broker.bootstrapServers()).admin()) {
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            return config.get(name).value();
        }
    }
}
