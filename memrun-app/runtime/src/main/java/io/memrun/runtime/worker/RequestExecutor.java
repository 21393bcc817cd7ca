package io.memrun.runtime.worker;

import io.memrun.runtime.wire.WireCodec;
import io.memrun.runtime.wire.WireReply;
import io.memrun.runtime.wire.WireRequest;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs dispatched requests on handler threads: decodes each record with the {@link WireCodec},
 * runs the handler ({@link RequestRunner}), produces the reply and tells the {@link OffsetTracker}
 * once the reply is durable. A request without a durable reply is abandoned: its offset stays
 * uncommitted, so it is redelivered.
 */
final class RequestExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(RequestExecutor.class);

    private final RequestRunner runner;
    private final KafkaProducer<String, byte[]> producer;
    private final OffsetTracker offsets;
    private final ExecutorService handlers;
    private final RequestCounters counters;

    RequestExecutor(RequestRunner runner, KafkaProducer<String, byte[]> producer, OffsetTracker offsets,
                    ExecutorService handlers, RequestCounters counters) {
        this.counters = counters;
        this.runner = runner;
        this.producer = producer;
        this.offsets = offsets;
        this.handlers = handlers;
    }

    /** Poll thread: hands a record, already counted as dispatched, to a handler thread. */
    void execute(ConsumerRecord<String, byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        handlers.execute(() -> {
            try {
                handle(tp, record);
            } catch (Throwable t) {
                // Never leak a slot: without a reply the offset stays uncommitted and the request is redelivered.
                LOG.error("request at {}@{} failed without a reply", tp, record.offset(), t);
                offsets.abandoned();
            }
        });
    }

    private void handle(TopicPartition tp, ConsumerRecord<String, byte[]> record) {
        long now = System.currentTimeMillis();
        Optional<WireRequest> decoded = WireCodec.decodeRequest(record, now);
        if (decoded.isEmpty()) {
            LOG.warn("skipping record {}@{}: no request id or reply topic, so nobody could receive a reply",
                    tp, record.offset());
            offsets.done(tp, record.offset());
            return;
        }
        WireRequest request = decoded.get();
        double queueMs = request.queueMs(WireCodec.epochMicros());
        // Nobody waits for a request whose deadline passed while it was queued: answer it without
        // spending a handler slot on it (the reply is dropped and counted at the gateway).
        WireReply reply = now > request.deadlineMs()
                ? runner.expired(request, record.partition(), queueMs)
                : runner.run(request, record.partition(), queueMs);
        counters.answered(reply.status());
        try {
            producer.send(WireCodec.encodeReply(request.replyTo(), reply), (md, ex) -> {
                if (ex == null) {
                    offsets.done(tp, record.offset());
                } else {
                    // The producer retried until its delivery timeout; leave the offset uncommitted.
                    LOG.warn("reply for request {} was not delivered: {}", request.requestId(), ex.getMessage());
                    offsets.abandoned();
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("reply for request {} could not be sent: {}", request.requestId(), e.getMessage());
            offsets.abandoned();
        }
    }
}
