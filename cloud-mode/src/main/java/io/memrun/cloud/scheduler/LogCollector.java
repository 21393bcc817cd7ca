package io.memrun.cloud.scheduler;

import io.memrun.cloud.state.CloudState;
import io.memrun.runtime.json.Json;
import io.memrun.runtime.logs.LogBatch;
import io.memrun.runtime.wire.KafkaSettings;
import io.memrun.runtime.wire.TopicAdmin;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the workers' log batches from {@link LogBatch#TOPIC} into the state database, where
 * {@code memrun cloud logs} finds them. It goes on from the offset after the last batch it stored,
 * so a restarted scheduler neither loses nor repeats lines the topic still holds.
 */
final class LogCollector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogCollector.class);

    private final CloudState state;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    private LogCollector(CloudState state, KafkaSettings kafka) {
        this.state = state;
        this.consumer = new KafkaConsumer<>(kafka.assignedConsumer("memrun-scheduler-logs"));
        this.thread = Thread.ofPlatform().daemon().name("memrun-log-collector").unstarted(this::run);
    }

    static LogCollector start(CloudState state, KafkaSettings kafka, short replication) throws Exception {
        try (TopicAdmin admin = new TopicAdmin(kafka)) {
            admin.ensureTopic(LogBatch.TOPIC, 1, replication, java.util.Map.of("retention.ms", Long.toString(Duration.ofDays(1).toMillis())));
        }
        LogCollector c = new LogCollector(state, kafka);
        TopicPartition tp = new TopicPartition(LogBatch.TOPIC, 0);
        c.consumer.assign(List.of(tp));
        long next = state.nextLogOffset();
        if (next >= 0) {
            c.consumer.seek(tp, next);
        } else {
            c.consumer.seekToBeginning(List.of(tp));
        }
        c.thread.start();
        return c;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        LogBatch b = Json.mapper().readValue(r.value(), LogBatch.class);
                        if (b.service() != null && b.slot() != null && b.server() != null && !b.lines().isEmpty()) {
                            List<LogBatch.Line> lines = b.lines();
                            if (b.dropped() > 0) {
                                lines = new java.util.ArrayList<>(lines);
                                lines.add(0, new LogBatch.Line(lines.get(0).atMs(), "WARN",
                                        "(" + b.dropped() + " lines dropped: the worker logged faster than it could ship)"));
                            }
                            state.addLogLines(r.offset(), trim(b.service(), 63), trim(b.slot(), 16), trim(b.server(), 63), lines);
                        }
                    } catch (Exception e) {
                        LOG.debug("skipping log batch at offset {}: {}", r.offset(), e.toString());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
        }
    }

    private static String trim(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
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
    }
}
