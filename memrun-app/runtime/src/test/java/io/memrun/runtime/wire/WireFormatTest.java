package io.memrun.runtime.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.runtime.testing.SharedInfra;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * docs/wire-format.md is a contract: a plain Kafka client that follows it talks to memrun, and
 * what memrun writes reads as the page says. These tests go through the real embedded broker with
 * plain clients (no memrun settings) on one side and {@link WireCodec} on the other.
 */
class WireFormatTest {
    private static final SharedInfra INFRA = SharedInfra.get();

    @Test
    void decodeRequest_recordFromPlainClientAsDocumented_readsEveryField() throws Exception {
        String topic = newTopic();
        ProducerRecord<String, byte[]> plain = new ProducerRecord<>(topic, "u42:ds7",
                "{\"user_id\":\"u42\",\"dataset_id\":\"ds7\"}".getBytes(StandardCharsets.UTF_8));
        plain.headers().add("memrun-request-id", bytes("req-1"));
        plain.headers().add("memrun-reply-to", bytes("my-replies"));
        plain.headers().add("memrun-deadline-ms", bytes("1900000000000"));
        plain.headers().add("memrun-sent-at-us", bytes("1800000000000000"));
        plain.headers().add("content-type", bytes("application/json"));

        WireRequest request = WireCodec.decodeRequest(roundTrip(topic, plain), 0).orElseThrow();

        assertEquals("req-1", request.requestId());
        assertEquals("u42:ds7", request.key());
        assertEquals("my-replies", request.replyTo());
        assertEquals(1_900_000_000_000L, request.deadlineMs());
        assertEquals(1_800_000_000_000_000L, request.sentAtMicros());
        assertEquals("{\"user_id\":\"u42\",\"dataset_id\":\"ds7\"}", new String(request.value(), StandardCharsets.UTF_8));
    }

    @Test
    void decodeRequest_onlyRequiredHeaders_defaultsDeadlineAndSendTime() throws Exception {
        String topic = newTopic();
        ProducerRecord<String, byte[]> plain = new ProducerRecord<>(topic, "k", bytes("{}"));
        plain.headers().add("memrun-request-id", bytes("req-2"));
        plain.headers().add("memrun-reply-to", bytes("my-replies"));

        WireRequest request = WireCodec.decodeRequest(roundTrip(topic, plain), 1_000).orElseThrow();

        assertEquals(1_000 + WireRequest.DEFAULT_DEADLINE_MS, request.deadlineMs());
        assertEquals(-1, request.sentAtMicros());
        assertEquals(0.0, request.queueMs(5_000_000));
    }

    @Test
    void decodeRequest_withoutReplyTopic_isEmpty() throws Exception {
        String topic = newTopic();
        ProducerRecord<String, byte[]> plain = new ProducerRecord<>(topic, "k", bytes("{}"));
        plain.headers().add("memrun-request-id", bytes("req-3"));

        assertTrue(WireCodec.decodeRequest(roundTrip(topic, plain), 0).isEmpty());
    }

    @Test
    void decodeRequest_blankOrIllegalReplyTopicOrBlankId_isEmptySoTheWorkerSkipsIt() throws Exception {
        for (String[] headers : new String[][] {{"req-4", ""}, {"req-5", "has space"}, {"req-6", ".."}, {" ", "replies"},
                {"req-7", "x".repeat(250)}}) {
            String topic = newTopic();
            ProducerRecord<String, byte[]> plain = new ProducerRecord<>(topic, "k", bytes("{}"));
            plain.headers().add("memrun-request-id", bytes(headers[0]));
            plain.headers().add("memrun-reply-to", bytes(headers[1]));
            assertTrue(WireCodec.decodeRequest(roundTrip(topic, plain), 0).isEmpty(), String.join("|", headers));
        }
        assertTrue(WireCodec.isTopicName("memrun.gateway.ab12.replies"));
    }

    @Test
    void encodeRequest_readByPlainClient_hasDocumentedKeyAndTextHeaders() throws Exception {
        String topic = newTopic();
        WireRequest request = new WireRequest("req-4", "u1:d1", bytes("{\"a\":1}"), "replies-x", 1_900_000_000_000L,
                1_800_000_000_000_000L);

        ConsumerRecord<String, byte[]> read = roundTrip(topic, WireCodec.encodeRequest(topic, request));

        assertEquals("u1:d1", read.key());
        Map<String, String> headers = texts(read);
        assertEquals("req-4", headers.get("memrun-request-id"));
        assertEquals("replies-x", headers.get("memrun-reply-to"));
        assertEquals("1900000000000", headers.get("memrun-deadline-ms"));
        assertEquals("1800000000000000", headers.get("memrun-sent-at-us"));
        assertEquals("application/json", headers.get("content-type"));
    }

    @Test
    void encodeReply_readByPlainClient_isOnPartitionZeroKeyedByRequestIdWithDocumentedHeaders() throws Exception {
        String topic = newTopic();
        Map<String, Double> phases = new LinkedHashMap<>();
        phases.put("queue", 0.412);
        phases.put("fetch", 3.2);
        phases.put("decode", 1.0);
        phases.put("handler", 5.1);
        WireReply reply = new WireReply("req-5", 200, bytes("{\"rows\":3}"), "svc-w0", 36, "hit", new Timing(phases));

        ConsumerRecord<String, byte[]> read = roundTrip(topic, WireCodec.encodeReply(topic, reply));

        assertEquals(0, read.partition());
        assertEquals("req-5", read.key());
        assertArrayEquals(bytes("{\"rows\":3}"), read.value());
        Map<String, String> headers = texts(read);
        assertEquals("req-5", headers.get("memrun-request-id"));
        assertEquals("200", headers.get("memrun-status"));
        assertEquals("svc-w0", headers.get("memrun-worker"));
        assertEquals("36", headers.get("memrun-partition"));
        assertEquals("hit", headers.get("memrun-cache"));
        assertEquals("queue=0.412;fetch=3.200;decode=1.000;handler=5.100", headers.get("memrun-timing"));
        assertEquals("application/json", headers.get("content-type"));
    }

    @Test
    void decodeReply_fromPlainClient_readsItAndToleratesMalformedParts() throws Exception {
        String topic = newTopic();
        ProducerRecord<String, byte[]> plain = new ProducerRecord<>(topic, 0, "req-6", bytes("{\"ok\":true}"));
        plain.headers().add("memrun-request-id", bytes("req-6"));
        plain.headers().add("memrun-status", bytes("not-a-number"));
        plain.headers().add("memrun-timing", bytes("queue=1.5;garbage;fetch=x"));

        WireReply reply = WireCodec.decodeReply(roundTrip(topic, plain)).orElseThrow();

        assertEquals("req-6", reply.requestId());
        assertEquals(502, reply.status(), "an unreadable status is a bad gateway, never a 200");
        assertEquals("unknown", reply.worker());
        assertEquals("none", reply.cache());
        assertEquals(-1, reply.partition());
        assertEquals(Map.of("queue", 1.5), reply.timing().phasesMs());
    }

    private static String newTopic() throws Exception {
        String topic = "wire-format-" + UUID.randomUUID().toString().substring(0, 8);
        try (TopicAdmin admin = new TopicAdmin(INFRA.kafka())) {
            admin.ensureTopic(topic, 2);
        }
        return topic;
    }

    /** Produces with a plain client and reads the record back with a plain client. */
    private static ConsumerRecord<String, byte[]> roundTrip(String topic, ProducerRecord<String, byte[]> record)
            throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        int partition;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            partition = producer.send(record).get().partition();
        }
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.bootstrapServers());
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c)) {
            TopicPartition tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<ConsumerRecord<String, byte[]>> got = new ArrayList<>();
            long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (got.isEmpty() && System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
            }
            assertEquals(1, got.size(), "the record came back");
            return got.get(0);
        }
    }

    private static Map<String, String> texts(ConsumerRecord<String, byte[]> record) {
        Map<String, String> m = new HashMap<>();
        for (Header h : record.headers()) {
            m.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        return m;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
