package io.memrun.app.gateway;

import io.memrun.app.wire.KafkaSettings;
import io.memrun.app.wire.Topics;
import io.memrun.app.wire.WireHeaders;
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
     * Sends a request and waits for its reply until {@code deadline}.
     *
     * @throws ApiException 503 if the broker does not take the request, 504 past the deadline
     */
    ReplyMessage invoke(String service, String key, byte[] body, Duration deadline) throws InterruptedException {
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
            producer.send(record).get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | KafkaException e) {
            replies.forget(requestId);
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new ApiException(503, "broker unavailable", "the request could not be queued: " + cause.getMessage());
        } catch (TimeoutException e) {
            replies.forget(requestId);
            throw new ApiException(503, "broker unavailable", "the broker did not accept the request within " + deadline);
        }
        try {
            long remaining = Math.max(1, deadlineMs - System.currentTimeMillis());
            return reply.get(remaining, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            replies.forget(requestId);
            throw new ApiException(504, "deadline exceeded", "no reply within " + deadline.toMillis()
                    + " ms; the request was queued (id " + requestId + ") and may still run");
        } catch (ExecutionException e) {
            throw new ApiException(502, "reply failed", e.getCause().getMessage());
        }
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
