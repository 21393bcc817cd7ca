package io.memrun.dev;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.testcontainers.redpanda.RedpandaContainer;

/**
 * The broker contract against Redpanda, a Kafka-API broker of another make, in a container:
 * keeps the contract honest about Kafka rather than about our embedded broker. Skipped, with
 * the reason reported, where no Docker engine runs.
 */
class RedpandaBrokerContractTest extends BrokerContract {
    private static RedpandaContainer redpanda;

    @BeforeAll
    static void startRedpanda() {
        if (Docker.available()) {
            redpanda = new RedpandaContainer("docker.redpanda.com/redpandadata/redpanda:v24.3.6");
            redpanda.start();
        }
    }

    @BeforeEach
    void requireDocker() {
        Docker.assumeAvailable("Redpanda");
    }

    @AfterAll
    static void stopRedpanda() {
        if (redpanda != null) {
            redpanda.stop();
        }
    }

    @Override
    protected String bootstrapServers() {
        return redpanda.getBootstrapServers();
    }
}
