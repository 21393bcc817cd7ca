package io.memrun.runtime.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.memrun.runtime.handoff.HotSet;
import io.memrun.runtime.json.Json;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.runtime.wire.HandoffOrder;
import io.memrun.runtime.wire.KafkaSettings;
import io.memrun.runtime.wire.TopicAdmin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cloud worker's ear for {@link HandoffOrder}s: reads the order topic from its end (no group,
 * nothing committed) and carries out the ones addressed to its server, each at most once at a time
 * and idempotently, since the scheduler repeats an order until it sees its effect.
 */
public final class OrderListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OrderListener.class);
    private static final ObjectMapper JSON = Json.mapper();

    private final Worker worker;
    private final String server;
    private final ObjectStore store;
    private final Path scratch;
    private final KafkaConsumer<String, byte[]> consumer;
    private final ExecutorService steps = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("memrun-handoff-step").factory());
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String published = "";
    private volatile String warmingFrom = "";
    private volatile boolean handingOff;

    private OrderListener(Worker worker, String server, KafkaSettings kafka, ObjectStore store, Path scratch) {
        this.worker = worker;
        this.server = server;
        this.store = store;
        this.scratch = scratch;
        this.consumer = new KafkaConsumer<>(kafka.assignedConsumer(server + "-orders"));
        this.thread = Thread.ofPlatform().daemon().name("memrun-orders").unstarted(this::run);
    }

    /**
     * Starts listening for orders to {@code server} (the worker's host name).
     *
     * @param store the worker's store client, for hot sets (not closed here)
     * @param scratch a directory for reading hot sets
     */
    public static OrderListener start(Worker worker, String server, KafkaSettings kafka, ObjectStore store, Path scratch)
            throws Exception {
        try (TopicAdmin admin = new TopicAdmin(kafka)) {
            admin.ensureTopic(HandoffOrder.TOPIC, 1);
        }
        Files.createDirectories(scratch);
        OrderListener l = new OrderListener(worker, server, kafka, store, scratch);
        TopicPartition tp = new TopicPartition(HandoffOrder.TOPIC, 0);
        l.consumer.assign(List.of(tp));
        l.consumer.seekToEnd(List.of(tp));
        l.consumer.position(tp); // resolve "end" now: orders sent from here on are seen
        l.thread.start();
        return l;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (!server.equals(r.key())) {
                        continue;
                    }
                    try {
                        HandoffOrder order = JSON.readValue(r.value(), HandoffOrder.class);
                        if (server.equals(order.server())
                                && System.currentTimeMillis() - order.sentAtMs() <= HandoffOrder.MAX_AGE_MS) {
                            apply(order);
                        }
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("ignoring a malformed order at offset {}: {}", r.offset(), e.getMessage());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(2)));
        }
    }

    /** On the poll thread: quick checks here, the work on the step thread so polling goes on. */
    private void apply(HandoffOrder order) {
        switch (order.action()) {
            case HandoffOrder.PUBLISH_HOT_SET -> {
                if (!order.hotSet().equals(published)) {
                    published = order.hotSet();
                    steps.execute(() -> {
                        try {
                            worker.publishHotSet(ObjectUri.parse(order.hotSet()), order.budgetBytes());
                        } catch (IOException | RuntimeException e) {
                            published = "";
                            LOG.warn("could not publish the hot set to {}: {}", order.hotSet(), e.getMessage());
                        }
                    });
                }
            }
            case HandoffOrder.WARM -> {
                if (!order.hotSet().equals(warmingFrom)) {
                    warmingFrom = order.hotSet();
                    steps.execute(() -> {
                        try {
                            HotSet set = HotSet.read(store, ObjectUri.parse(order.hotSet()), scratch);
                            worker.warm(set, order.bytesPerSecond());
                            LOG.info("warming up from {}: {} objects", order.hotSet(), set.objects().size());
                        } catch (IOException | RuntimeException e) {
                            warmingFrom = "";
                            LOG.warn("could not warm up from {}: {}", order.hotSet(), e.getMessage());
                        }
                    });
                }
            }
            case HandoffOrder.HAND_OFF -> {
                if (!handingOff) {
                    handingOff = true;
                    LOG.info("handing off: draining, committing, closing without leaving the group");
                    steps.execute(worker::handOff);
                }
            }
            case HandoffOrder.JOIN -> worker.join();
            default -> LOG.warn("ignoring an order with unknown action '{}'", order.action());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        steps.shutdownNow();
    }
}
