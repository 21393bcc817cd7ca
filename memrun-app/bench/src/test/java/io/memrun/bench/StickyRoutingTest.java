package io.memrun.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

/** The locality simulation routes as the gateway's producer does, or its figures would mean nothing. */
class StickyRoutingTest {
    @Test
    void simulatedPartitionIsKafkasDefaultPartitioner() {
        for (int d = 0; d < 1000; d++) {
            String key = LocalityBench.key(d);
            assertEquals(BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), 16),
                    LocalityBench.stickyPartition(key, 16), key);
        }
    }
}
