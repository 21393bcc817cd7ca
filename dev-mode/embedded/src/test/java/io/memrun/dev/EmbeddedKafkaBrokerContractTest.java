package io.memrun.dev;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The broker contract against the embedded broker shared by this test JVM. */
@ExtendWith(SharedInfrastructure.class)
class EmbeddedKafkaBrokerContractTest extends BrokerContract {
    private static String bootstrapServers;

    @BeforeAll
    static void useSharedBroker(EmbeddedKafkaBroker broker) {
        bootstrapServers = broker.bootstrapServers();
    }

    @Override
    protected String bootstrapServers() {
        return bootstrapServers;
    }
}
