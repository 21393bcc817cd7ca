package io.memrun.runtime.wire;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka client settings for the request path, chosen on purpose in one place.
 *
 * @param bootstrapServers the cluster
 * @param maxRecordBytes the largest record the platform accepts (request or reply), body plus headers
 * @param clientProperties applied to every client first (TLS, SASL: {@code security.protocol},
 *     {@code sasl.jaas.config}, ...), as from a client-properties file; empty for a plain local
 *     broker. The platform's own settings below win where both set a key.
 */
public record KafkaSettings(String bootstrapServers, int maxRecordBytes, Map<String, String> clientProperties) {
    /** Headroom above the largest body for headers and record overhead. */
    public static final int RECORD_OVERHEAD = 64 * 1024;

    public KafkaSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("Kafka bootstrap servers are empty: give host:port");
        }
        if (maxRecordBytes < 1024) {
            throw new IllegalArgumentException("maxRecordBytes must be at least 1024, was " + maxRecordBytes);
        }
        clientProperties = Map.copyOf(clientProperties);
    }

    /** Settings for a plain cluster without client properties. */
    public KafkaSettings(String bootstrapServers, int maxRecordBytes) {
        this(bootstrapServers, maxRecordBytes, Map.of());
    }

    /** These settings with {@code properties} applied to every client. */
    public KafkaSettings withClientProperties(Map<String, String> properties) {
        return new KafkaSettings(bootstrapServers, maxRecordBytes, properties);
    }

    /** Names the cluster and the property keys, never their values (they hold passwords). */
    @Override
    public String toString() {
        return "KafkaSettings[" + bootstrapServers + ", maxRecordBytes=" + maxRecordBytes + ", clientProperties="
                + new java.util.TreeSet<>(clientProperties.keySet()) + "]";
    }

    private Map<String, Object> base() {
        return new HashMap<>(clientProperties);
    }

    /** Settings for a body limit: the record limit is the body limit plus {@link #RECORD_OVERHEAD}. */
    public static KafkaSettings forBodyLimit(String bootstrapServers, int maxBodyBytes) {
        return new KafkaSettings(bootstrapServers, maxBodyBytes + RECORD_OVERHEAD);
    }

    /**
     * A producer for requests or replies. {@code linger.ms=0}: Kafka 4 defaults to 5 ms, which
     * adds about 5 ms to each of the two hops of a request (measured here: p50 ~12 ms vs ~0.5 ms);
     * request/reply traffic is latency-bound, and under load batches still form while a send is in
     * flight. {@code acks=all} with idempotence: a request the gateway accepted is durable before
     * the client is told anything, and a retried send is never duplicated.
     */
    public Map<String, Object> producer(String clientId) {
        Map<String, Object> p = base();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRecordBytes);
        // Fail a send fast when the broker is gone, rather than blocking the caller for 60 s.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return p;
    }

    /**
     * A worker's consumer. Static membership ({@code group.instance.id} = the worker id) gives a
     * restarted worker its partitions, and so its warm cache, back without a rebalance; the
     * {@link SlotAssignor} makes the assignment a function of the workers' ids, so the same holds
     * after a restart of every worker at once, and a joining or leaving worker moves about 1/n of the
     * partitions. Cooperative-sticky is offered second only so that a group mixing workers of an
     * older memrun (which offer only that) still forms. The session timeout bounds how
     * long a crashed worker's partitions wait: 10 s keeps failover well inside the default 30 s
     * request deadline. The heartbeat interval bounds how long a member takes to notice a
     * rebalance, and a cooperative rebalance takes two rounds: at 2 s, a second worker joining could
     * hold a group (and {@code memrun dev}'s start) for up to 4 s; at 500 ms it is under 1 s, for
     * two small requests a second per worker. Offsets are committed by the worker, only past
     * finished requests.
     */
    public Map<String, Object> workerConsumer(String group, String workerId, int maxPollRecords) {
        Map<String, Object> c = base();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, workerId);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, workerId);
        c.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                List.of(SlotAssignor.class.getName(), CooperativeStickyAssignor.class.getName()));
        c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, maxRecordBytes);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return c;
    }

    /**
     * A consumer that is assigned its partitions (not subscribed): no group, no commits. Workers read
     * {@link HandoffOrder#TOPIC} with it, the scheduler the log topic; the gateway's reply consumer
     * is one too.
     */
    public Map<String, Object> assignedConsumer(String clientId) {
        Map<String, Object> c = base();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 200);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return c;
    }

    /**
     * The gateway's reply consumer: assigned to its own reply topic, from its end.
     * {@code fetch.max.wait.ms} is short because a reply is awaited by a client.
     */
    public Map<String, Object> replyConsumer(String clientId) {
        Map<String, Object> c = assignedConsumer(clientId);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, maxRecordBytes);
        return c;
    }

    /** Admin client settings. */
    public Map<String, Object> admin() {
        Map<String, Object> a = base();
        a.put("bootstrap.servers", bootstrapServers);
        a.put("request.timeout.ms", 10_000);
        a.put("default.api.timeout.ms", 15_000);
        return a;
    }
}
