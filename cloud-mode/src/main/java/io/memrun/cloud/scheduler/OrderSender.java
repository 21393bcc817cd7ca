package io.memrun.cloud.scheduler;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.memrun.runtime.json.Json;
import io.memrun.runtime.wire.HandoffOrder;
import io.memrun.runtime.wire.KafkaSettings;
import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Sends {@link HandoffOrder}s to servers' workers, keyed by server name. */
final class OrderSender implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;

    OrderSender(KafkaSettings kafka) {
        this.producer = new KafkaProducer<>(kafka.producer("memrun-scheduler-orders"));
    }

    /** Sends {@code action} to {@code server}; fire and forget (the next round sends it again if needed). */
    void send(String server, String action, String hotSet, long budgetBytes, long bytesPerSecond) {
        HandoffOrder order = new HandoffOrder(server, action, hotSet, budgetBytes, bytesPerSecond, System.currentTimeMillis());
        try {
            producer.send(new ProducerRecord<>(HandoffOrder.TOPIC, server, Json.mapper().writeValueAsBytes(order)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
