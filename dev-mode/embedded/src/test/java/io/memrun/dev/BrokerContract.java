package io.memrun.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * What memrun needs from a Kafka broker, written once and run against every broker it may
 * meet: the embedded broker and a real one (Redpanda) in a container. Each test uses topics
 * and groups of its own, so the broker can be shared.
 */
abstract class BrokerContract {

    /** The broker under test. */
    protected abstract String bootstrapServers();

    private KafkaClients clients() {
        return new KafkaClients(bootstrapServers());
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    @Test
    void createTopic_newName_isListedWithItsPartitions() throws Exception {
        String topic = unique("create");
        try (Admin admin = clients().admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);

            // CreateTopics answers once the controller committed the topic; the broker's metadata cache
            // that listTopics reads can lag it by a moment (KRaft), so the listing is awaited.
            KafkaClients.awaitCondition(Duration.ofSeconds(30), topic + " listed",
                    () -> admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic));
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
            assertEquals(3, partitions);
        }
    }

    @Test
    void createTopic_existingName_failsWithTopicExists() throws Exception {
        String topic = unique("twice");
        try (Admin admin = clients().admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);

            ExecutionException failure = assertThrows(ExecutionException.class, () -> admin
                    .createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS));
            assertInstanceOf(TopicExistsException.class, failure.getCause());
        }
    }

    @Test
    void produceThenConsume_recordWithKeyAndHeader_isReadBackUnchanged() throws Exception {
        KafkaClients clients = clients();
        String topic = unique("roundtrip");
        clients.createTopic(topic, 2);
        ProducerRecord<String, String> sent = new ProducerRecord<>(topic, "user-42", "{\"q\":1}");
        sent.headers().add("memrun-request-id", "r-1".getBytes(StandardCharsets.UTF_8));

        try (var producer = clients.producer()) {
            producer.send(sent).get(30, TimeUnit.SECONDS);
        }
        List<ConsumerRecord<String, String>> received = clients.consumeFromStart(topic, unique("g"), 1);

        ConsumerRecord<String, String> record = received.getFirst();
        assertEquals("user-42", record.key());
        assertEquals("{\"q\":1}", record.value());
        Header header = record.headers().lastHeader("memrun-request-id");
        assertEquals("r-1", new String(header.value(), StandardCharsets.UTF_8));
    }

    @Test
    void commitOffsets_consumerGroup_describeShowsGroupAndCommittedOffset() throws Exception {
        KafkaClients clients = clients();
        String topic = unique("commit");
        String group = unique("group");
        clients.createTopic(topic, 1);
        try (var producer = clients.producer()) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }

        // consumeFromStart commits synchronously after reading.
        clients.consumeFromStart(topic, group, 3);

        try (Admin admin = clients.admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            assertEquals(3L, offsets.get(new TopicPartition(topic, 0)).offset());
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                    .describedGroups().get(group).get(30, TimeUnit.SECONDS);
            assertEquals(group, description.groupId());
            assertTrue(admin.listGroups().all().get(30, TimeUnit.SECONDS).stream()
                    .anyMatch(listing -> listing.groupId().equals(group)));
        }
    }

    @Test
    void deleteTopic_existing_disappearsFromListing() throws Exception {
        String topic = unique("delete");
        try (Admin admin = clients().admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);

            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);

            // Deletion is acknowledged once the controller has committed it; listings served by
            // a broker follow within its metadata propagation delay.
            KafkaClients.awaitCondition(Duration.ofSeconds(30), "topic " + topic + " to disappear",
                    () -> !admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic));
            assertFalse(admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic));
        }
    }
}
