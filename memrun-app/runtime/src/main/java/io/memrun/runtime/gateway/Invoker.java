package io.memrun.runtime.gateway;

import io.memrun.runtime.wire.KafkaSettings;
import io.memrun.runtime.wire.Topics;
import io.memrun.runtime.wire.BrokerUnavailableException;
import io.memrun.runtime.wire.DeadlineExceededException;
import io.memrun.runtime.wire.WireCodec;
import io.memrun.runtime.wire.WireReply;
import io.memrun.runtime.wire.WireRequest;
import java.time.Duration;
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
     * @throws BrokerUnavailableException if the broker does not take the request within a few seconds
     */
    Sent send(String service, String key, byte[] body, Duration deadline) throws InterruptedException {
        String requestId = UUID.randomUUID().toString();
        long deadlineMs = System.currentTimeMillis() + deadline.toMillis();
        WireRequest request = new WireRequest(requestId, key, body, replyTopic, deadlineMs, WireCodec.epochMicros());
        CompletableFuture<WireReply> reply = replies.expect(requestId);
        try {
            // Bounded well below the deadline: a broker that does not take a request within a few
            // seconds is down, and the client should hear so now.
            producer.send(WireCodec.encodeRequest(Topics.requests(service), request))
                    .get(Math.min(deadline.toMillis(), SEND_TIMEOUT_MS), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | KafkaException e) {
            replies.forget(requestId);
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new BrokerUnavailableException("the request could not be queued: " + cause.getMessage());
        } catch (TimeoutException e) {
            replies.forget(requestId);
            throw new BrokerUnavailableException("the broker did not accept the request in time");
        }
        return new Sent(requestId, reply, deadlineMs, deadline);
    }

    /**
     * Waits for the reply of a sent request until its deadline.
     *
     * @throws DeadlineExceededException if none came in time (the request is forgotten: a late reply is dropped)
     */
    WireReply await(Sent sent) throws InterruptedException {
        try {
            long remaining = Math.max(1, sent.deadlineMs() - System.currentTimeMillis());
            return sent.reply().get(remaining, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            forget(sent.requestId());
            throw new DeadlineExceededException(sent.requestId(), "no reply within " + sent.timeout().toMillis() + " ms (request "
                    + sent.requestId() + "); raise it with ?timeout=60s if the handler needs longer");
        } catch (ExecutionException e) {
            // Only the listener completes replies, and never exceptionally; kept total for safety.
            throw new IllegalStateException("reply of request " + sent.requestId() + " failed", e.getCause());
        }
    }

    /** Stops waiting for a reply (its client gave up); a late reply is then dropped and counted. */
    void forget(String requestId) {
        replies.forget(requestId);
    }

    /** A request the broker has: its id, its reply to come, its deadline (epoch ms) and the timeout it came from. */
    record Sent(String requestId, CompletableFuture<WireReply> reply, long deadlineMs, Duration timeout) {
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
