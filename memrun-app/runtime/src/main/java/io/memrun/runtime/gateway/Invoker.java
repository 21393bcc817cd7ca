package io.memrun.runtime.gateway;

import io.memrun.runtime.wire.KafkaSettings;
import io.memrun.runtime.wire.Topics;
import io.memrun.runtime.wire.WireHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * The gateway's Kafka side of a request: produce it to the service's request topic, keyed by its
 * sticky values, and wait for the reply on this gateway's reply topic.
 */
final class Invoker implements AutoCloseable {
    private static final long SEND_TIMEOUT_MS = 3_000;
    private final KafkaProducer<String, byte[]> producer;
    private final ReplyListener replies;
    private final String replyTopic;

    Invoker(KafkaSettings kafka, String gatewayId) {
        this.replyTopic = Topics.replies(gatewayId);
        this.producer = new KafkaProducer<>(kafka.producer("memrun-gateway-" + gatewayId));
        this.replies = new ReplyListener(kafka, replyTopic, "memrun-gateway-" + gatewayId + "-replies");
    }

    /** The topic replies come back on. */
    String replyTopic() {
        return replyTopic;
    }

    void start(Duration timeout) throws InterruptedException {
        replies.start(timeout);
    }

    /**
     * Sends a request and returns as soon as the broker has it; the reply completes later.
     *
     * @throws ApiException 503 if the broker does not take the request
     */
    Sent send(String service, String key, byte[] body, Duration deadline) throws InterruptedException {
        String requestId = UUID.randomUUID().toString();
        long deadlineMs = System.currentTimeMillis() + deadline.toMillis();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.requests(service), key, body);
        WireHeaders.put(record.headers(), WireHeaders.REQUEST_ID, requestId);
        WireHeaders.put(record.headers(), WireHeaders.REPLY_TO, replyTopic);
        WireHeaders.put(record.headers(), WireHeaders.DEADLINE, Long.toString(deadlineMs));
        WireHeaders.put(record.headers(), WireHeaders.CONTENT_TYPE, WireHeaders.JSON);
        Instant now = Instant.now();
        WireHeaders.put(record.headers(), WireHeaders.SENT_AT, Long.toString(now.getEpochSecond() * 1_000_000L + now.getNano() / 1000));

        CompletableFuture<ReplyMessage> reply = replies.expect(requestId);
        try {
            // Bounded well below the deadline: a broker that does not take a request within a few
            // seconds is down, and the client should hear so now.
            producer.send(record).get(Math.min(deadline.toMillis(), SEND_TIMEOUT_MS), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | KafkaException e) {
            replies.forget(requestId);
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new ApiException(503, "broker unavailable", "the request could not be queued: " + cause.getMessage());
        } catch (TimeoutException e) {
            replies.forget(requestId);
            throw new ApiException(503, "broker unavailable", "the broker did not accept the request in time");
        }
        return new Sent(requestId, reply, deadlineMs);
    }

    /** Stops waiting for a reply (its client gave up); a late reply is then dropped and counted. */
    void forget(String requestId) {
        replies.forget(requestId);
    }

    /** A request the broker has: its id, its reply to come, and its deadline (epoch ms). */
    record Sent(String requestId, CompletableFuture<ReplyMessage> reply, long deadlineMs) {
    }

    /** Requests waiting for a reply now. */
    int waiting() {
        return replies.waiting();
    }

    /** Replies dropped because nobody waited for them any more (duplicates, late replies). */
    long droppedReplies() {
        return replies.dropped();
    }

    @Override
    public void close() {
        replies.close();
        producer.close(Duration.ofSeconds(2));
    }
}
