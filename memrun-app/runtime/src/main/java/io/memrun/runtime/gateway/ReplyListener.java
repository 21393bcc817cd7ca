package io.memrun.runtime.gateway;

import io.memrun.runtime.wire.KafkaSettings;
import io.memrun.runtime.wire.WireCodec;
import io.memrun.runtime.wire.WireReply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives replies on the gateway's own reply topic and completes the waiting request.
 *
 * <p>It is ready only once its consumer has a position on the reply partition: an assigned but
 * unpositioned consumer that later resets to "latest" silently skips replies that arrived in
 * between. A reply nobody waits for (a duplicate after redelivery, or one that came after its
 * client gave up) is dropped and counted.
 */
final class ReplyListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplyListener.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicPartition partition;
    private final Map<String, CompletableFuture<WireReply>> pending = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final CountDownLatch positioned = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    ReplyListener(KafkaSettings kafka, String replyTopic, String clientId) {
        this.consumer = new KafkaConsumer<>(kafka.replyConsumer(clientId));
        this.partition = new TopicPartition(replyTopic, 0);
        this.thread = Thread.ofPlatform().name("memrun-replies").daemon().unstarted(this::run);
    }

    /** Starts listening and waits until the consumer is positioned on the reply partition. */
    void start(Duration timeout) throws InterruptedException {
        thread.start();
        if (!positioned.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("reply consumer not positioned on " + partition + " after " + timeout
                    + (failure == null ? "" : ": " + failure.getMessage()));
        }
    }

    /** Registers interest in a reply; call before the request is sent. */
    CompletableFuture<WireReply> expect(String requestId) {
        CompletableFuture<WireReply> f = new CompletableFuture<>();
        pending.put(requestId, f);
        return f;
    }

    /** Gives up on a reply (the client timed out or the send failed). */
    void forget(String requestId) {
        pending.remove(requestId);
    }

    /** Requests waiting for a reply now. */
    int waiting() {
        return pending.size();
    }

    /** Replies dropped because nobody waited for them. */
    long dropped() {
        return dropped.get();
    }

    private void run() {
        try {
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition, Duration.ofSeconds(30));
            positioned.countDown();
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    deliver(r);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("reply listener stopped: {}", e.getMessage(), e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
            stopped.countDown();
        }
    }

    private void deliver(ConsumerRecord<String, byte[]> r) {
        WireReply reply = WireCodec.decodeReply(r).orElse(null);
        CompletableFuture<WireReply> f = reply == null ? null : pending.remove(reply.requestId());
        if (f == null) {
            dropped.incrementAndGet();
            return;
        }
        f.complete(reply);
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
