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

/**
 * The control plane's reader of worker heartbeats; records each that passes {@link HeartbeatCheck}
 * in the {@link WorkerRegistry}. Refusals are logged at most once a minute.
 */
public final class HeartbeatListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatListener.class);
    private static final ObjectMapper JSON = Json.mapper();

    private final KafkaConsumer<String, byte[]> consumer;
    private final ServiceRegistry services;
    private long lastRefusalLogMs;
    private long refusedSinceLog;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    public HeartbeatListener(KafkaSettings kafka, ServiceRegistry services, String clientId) {
        this.consumer = new KafkaConsumer<>(kafka.replyConsumer(clientId));
        this.services = services;
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
                        Heartbeat hb = JSON.readValue(r.value(), Heartbeat.class);
                        java.util.Optional<String> refused = HeartbeatCheck.reject(hb, services);
                        if (refused.isPresent()) {
                            refused(refused.get());
                        } else {
                            services.workers().record(hb, Instant.now());
                        }
                    } catch (Exception e) {
                        refused("unreadable heartbeat: " + e.getMessage());
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

    private void refused(String why) {
        refusedSinceLog++;
        long now = System.currentTimeMillis();
        if (now - lastRefusalLogMs >= 60_000) {
            LOG.warn("ignoring heartbeats that do not check out ({} since the last note), e.g.: {}", refusedSinceLog, why);
            lastRefusalLogMs = now;
            refusedSinceLog = 0;
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
