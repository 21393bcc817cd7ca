package io.memrun.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memrun.runtime.testing.SharedInfra;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The raw Kafka floor: each round trip gets its own echo back, and closing removes its topics. */
class KafkaFloorTest {
    @Test
    @Timeout(60)
    void roundTrips_comeBack_andCloseDeletesTheTopics() throws Exception {
        SharedInfra shared = SharedInfra.get();
        String prefix = "floor-test-" + System.nanoTime();
        try (KafkaFloor floor = KafkaFloor.start(shared.kafka(), prefix)) {
            for (int i = 0; i < 50; i++) {
                floor.roundTrip(("r" + i).getBytes(StandardCharsets.UTF_8));
            }
        }
        try (Admin admin = Admin.create(shared.kafka().admin())) {
            // The listing follows the controller's metadata, which may lag the deletion a moment.
            long left = -1;
            for (long until = System.nanoTime() + 10_000_000_000L; left != 0 && System.nanoTime() < until; Thread.sleep(50)) {
                left = admin.listTopics().names().get().stream().filter(t -> t.startsWith(prefix)).count();
            }
            assertEquals(0, left, "the floor's topics are deleted on close");
        }
    }
}
