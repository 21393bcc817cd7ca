package io.memrun.runtime.registry;

import io.memrun.runtime.wire.Heartbeat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.memrun.runtime.json.Json;
import io.memrun.runtime.wire.KafkaSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The control plane's reader of worker heartbeats; records each in the {@link WorkerRegistry}. */
public final class HeartbeatListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatListener.class);
    private static final ObjectMapper JSON = Json.mapper();

    private final KafkaConsumer<String, byte[]> consumer;
    private final WorkerRegistry registry;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    public HeartbeatListener(KafkaSettings kafka, WorkerRegistry registry, String clientId) {
        this.consumer = new KafkaConsumer<>(kafka.replyConsumer(clientId));
        this.registry = registry;
        this.thread = Thread.ofPlatform().name("memrun-heartbeats").daemon().unstarted(this::run);
    }

    /** Starts reading from the latest heartbeat on. */
    public void start() {
        thread.start();
    }

    private void run() {
        try {
            TopicPartition tp = new TopicPartition(Heartbeat.TOPIC, 0);
            consumer.assign(List.of(tp));
            consumer.seekToEnd(List.of(tp));
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        registry.record(JSON.readValue(r.value(), Heartbeat.class), Instant.now());
                    } catch (Exception e) {
                        LOG.warn("ignoring unreadable heartbeat from {}: {}", r.key(), e.getMessage());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("heartbeat listener stopped: {}", e.getMessage(), e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
            stopped.countDown();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            stopped.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
