package io.memrun.cloud.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.runtime.testing.SharedInfra;
import io.memrun.runtime.wire.TopicAdmin;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The topics cloud mode keeps, on the real embedded broker. */
class CloudTopicsTest {
    @Test
    void ensureRequests_newTopic_getsTheCloudConfigs_andDriftIsCorrected() throws Exception {
        try (TopicAdmin admin = new TopicAdmin(SharedInfra.get().kafka())) {
            CloudTopics topics = new CloudTopics(admin, 1 << 20);
            String topic = "memrun.cloud-topics-test.requests";
            topics.ensureRequests(topic, 8);
            Map<String, String> configs = admin.topicConfigs(topic);
            assertEquals("21600000", configs.get("retention.ms"));
            assertEquals("false", configs.get("unclean.leader.election.enable"));
            assertEquals(Integer.toString(1 << 20), configs.get("max.message.bytes"));

            admin.alignConfigs(topic, Map.of("retention.ms", "1000")); // someone changed it by hand
            topics.ensureRequests(topic, 8);
            assertEquals("21600000", admin.topicConfigs(topic).get("retention.ms"), "drift corrected");
        }
    }

    @Test
    void ensureRequests_existingTopicWithOtherPartitionCount_isRefusedNamingBoth() throws Exception {
        try (TopicAdmin admin = new TopicAdmin(SharedInfra.get().kafka())) {
            CloudTopics topics = new CloudTopics(admin, 1 << 20);
            String topic = "memrun.cloud-topics-mismatch.requests";
            admin.ensureTopic(topic, 4);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> topics.ensureRequests(topic, 8));
            assertTrue(e.getMessage().contains("exists with 4 partitions, but the service needs 8"), e.getMessage());
            assertEquals(4, admin.partitions(topic).orElseThrow(), "never changed");
        }
    }

    @Test
    void ensureShared_heartbeatTopic_isCompacted() throws Exception {
        try (TopicAdmin admin = new TopicAdmin(SharedInfra.get().kafka())) {
            new CloudTopics(admin, 1 << 20).ensureShared();
            assertEquals("compact", admin.topicConfigs("memrun.heartbeats").get("cleanup.policy"));
        }
    }
}
