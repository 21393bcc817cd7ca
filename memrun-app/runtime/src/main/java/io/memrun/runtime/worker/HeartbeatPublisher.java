package io.memrun.runtime.worker;

import io.memrun.runtime.json.Json;
import io.memrun.runtime.wire.Heartbeat;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a worker's heartbeat to {@link Heartbeat#TOPIC} every interval, at once when asked (an
 * assignment changed), and a last one on shutdown; each tick also runs the worker's periodic
 * chores (the cache index checkpoint). Never throws: a missed heartbeat is logged at debug.
 */
final class HeartbeatPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatPublisher.class);

    private final String workerId;
    private final KafkaProducer<String, byte[]> producer;
    private final HeartbeatSource source;
    private final Runnable chores;
    private final Duration interval;
    private final ScheduledExecutorService ticker;

    /** Builds a heartbeat; {@code stopping} marks the last one. */
    @FunctionalInterface
    interface HeartbeatSource {
        Heartbeat snapshot(boolean stopping);
    }

    HeartbeatPublisher(String workerId, KafkaProducer<String, byte[]> producer, Duration interval,
                       HeartbeatSource source, Runnable chores) {
        this.workerId = workerId;
        this.producer = producer;
        this.source = source;
        this.chores = chores;
        this.interval = interval;
        this.ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("memrun-heartbeat-" + workerId).factory());
    }

    void start() {
        ticker.scheduleAtFixedRate(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends a heartbeat now rather than at the next tick. */
    void nudge() {
        try {
            ticker.execute(() -> send(false));
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    private void tick() {
        send(false);
        try {
            chores.run();
        } catch (RuntimeException e) {
            LOG.debug("periodic chores of {} failed: {}", workerId, e.getMessage());
        }
    }

    private void send(boolean stopping) {
        try {
            producer.send(new ProducerRecord<>(Heartbeat.TOPIC, workerId, Json.mapper().writeValueAsBytes(source.snapshot(stopping))));
        } catch (Exception e) {
            LOG.debug("heartbeat of {} not sent: {}", workerId, e.getMessage());
        }
    }

    /** Stops ticking without a goodbye (a crash). */
    void stop() {
        ticker.shutdownNow();
    }

    /** Stops ticking and sends the last heartbeat, marked stopping. */
    @Override
    public void close() {
        ticker.shutdownNow();
        send(true);
    }
}
