package io.memrun.runtime.logs;

import io.memrun.runtime.json.Json;
import io.memrun.runtime.wire.KafkaSettings;
import io.memrun.runtime.wire.TopicAdmin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Ships a worker process's log lines to {@link LogBatch#TOPIC}: lines wait in a bounded queue
 * ({@value #QUEUE} lines; when it is full, new lines are counted as dropped, never blocking the
 * code that logs), and a background thread sends them in batches of up to {@value #BATCH} lines
 * every {@value #FLUSH_MS} ms. Closing sends what is queued.
 */
public final class LogShipper implements AutoCloseable {
    static final int QUEUE = 10_000;
    static final int BATCH = 500;
    /** A batch also stays under this many characters, far below any broker's record limit. */
    static final int BATCH_CHARS = 256 * 1024;
    static final long FLUSH_MS = 500;
    /** Longer lines (a stack trace of a deep failure) are cut here. */
    static final int MAX_LINE = 8_000;

    private final String service;
    private final String slot;
    private final String server;
    private final KafkaProducer<String, byte[]> producer;
    private final BlockingQueue<LogBatch.Line> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private LogShipper(String service, String slot, String server, KafkaSettings kafka) {
        this.service = service;
        this.slot = slot;
        this.server = server;
        Map<String, Object> p = kafka.producer(server + "-logs");
        p.put(org.apache.kafka.clients.producer.ProducerConfig.LINGER_MS_CONFIG, 50);
        this.producer = new KafkaProducer<>(p);
        this.thread = Thread.ofPlatform().daemon().name("memrun-log-shipper").unstarted(this::run);
    }

    /** Starts shipping the lines {@link #offer}ed from now on. */
    public static LogShipper start(String service, String slot, String server, KafkaSettings kafka) throws Exception {
        try (TopicAdmin admin = new TopicAdmin(kafka)) {
            admin.ensureTopic(LogBatch.TOPIC, 1);
        }
        LogShipper s = new LogShipper(service, slot, server, kafka);
        s.thread.start();
        return s;
    }

    /** Queues a line; never blocks (a full queue drops it and counts it). */
    public void offer(long atMs, String level, String text) {
        String t = text.length() > MAX_LINE ? text.substring(0, MAX_LINE) + " [...]" : text;
        if (!queue.offer(new LogBatch.Line(atMs, level, t))) {
            dropped.incrementAndGet();
        }
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            try {
                LogBatch.Line first = queue.poll(FLUSH_MS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<LogBatch.Line> lines = new ArrayList<>();
                lines.add(first);
                int chars = first.text().length();
                while (lines.size() < BATCH && chars < BATCH_CHARS) {
                    LogBatch.Line next = queue.poll();
                    if (next == null) {
                        break;
                    }
                    lines.add(next);
                    chars += next.text().length();
                }
                send(lines);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                dropped.incrementAndGet(); // a broker that is away: lines are lost, the worker goes on
            }
        }
    }

    private void send(List<LogBatch.Line> lines) {
        LogBatch batch = new LogBatch(service, slot, server, lines, dropped.getAndSet(0));
        try {
            producer.send(new ProducerRecord<>(LogBatch.TOPIC, server, Json.mapper().writeValueAsBytes(batch)), (md, e) -> {
                if (e != null) {
                    dropped.addAndGet(lines.size()); // counted in the next batch that makes it
                }
            });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends what is queued (waiting up to a few seconds), then stops. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
