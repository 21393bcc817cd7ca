package io.memrun.runtime.wire;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The one place that turns requests and replies into Kafka records and back. The gateway and the
 * worker both use it, and docs/wire-format.md describes exactly what it writes: a user's own
 * Kafka client can take either side. Header values are UTF-8 text.
 */
public final class WireCodec {
    private WireCodec() {
    }

    /** A request record for {@code topic}, keyed by the request's sticky values (Kafka's partitioner places it). */
    public static ProducerRecord<String, byte[]> encodeRequest(String topic, WireRequest request) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, request.key(), request.value());
        Headers h = record.headers();
        put(h, WireHeaders.REQUEST_ID, request.requestId());
        put(h, WireHeaders.REPLY_TO, request.replyTo());
        put(h, WireHeaders.DEADLINE, Long.toString(request.deadlineMs()));
        if (request.sentAtMicros() >= 0) {
            put(h, WireHeaders.SENT_AT, Long.toString(request.sentAtMicros()));
        }
        put(h, WireHeaders.CONTENT_TYPE, WireHeaders.JSON);
        return record;
    }

    /**
     * Reads a request record. Empty if it lacks {@code memrun-request-id} or {@code memrun-reply-to},
     * or either is blank, or the reply topic is not a legal Kafka topic name (nobody could receive
     * its reply, and a send to it would fail for ever); a missing or malformed deadline means
     * {@code receivedAtMs} plus 30 s, a missing send time means "unknown".
     */
    public static Optional<WireRequest> decodeRequest(ConsumerRecord<String, byte[]> record, long receivedAtMs) {
        Headers h = record.headers();
        String requestId = text(h, WireHeaders.REQUEST_ID);
        String replyTo = text(h, WireHeaders.REPLY_TO);
        if (requestId == null || requestId.isBlank() || requestId.length() > 200 || !isTopicName(replyTo)
                || record.value() == null) {
            return Optional.empty();
        }
        long deadline = parseLong(text(h, WireHeaders.DEADLINE), receivedAtMs + WireRequest.DEFAULT_DEADLINE_MS);
        long sentAt = parseLong(text(h, WireHeaders.SENT_AT), -1);
        return Optional.of(new WireRequest(requestId, record.key(), record.value(), replyTo, deadline, sentAt));
    }

    /** Kafka's rule for topic names: 1-249 of {@code [a-zA-Z0-9._-]}, not {@code .} or {@code ..}. */
    static boolean isTopicName(String name) {
        return name != null && !name.isEmpty() && name.length() <= 249 && !name.equals(".") && !name.equals("..")
                && name.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-'));
    }

    /** The reply record: to partition 0 of the request's reply topic, keyed by the request id. */
    public static ProducerRecord<String, byte[]> encodeReply(String replyTo, WireReply reply) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(replyTo, 0, reply.requestId(), reply.body());
        Headers h = record.headers();
        put(h, WireHeaders.REQUEST_ID, reply.requestId());
        put(h, WireHeaders.STATUS, Integer.toString(reply.status()));
        put(h, WireHeaders.WORKER, reply.worker());
        put(h, WireHeaders.PARTITION, Integer.toString(reply.partition()));
        put(h, WireHeaders.CACHE, reply.cache());
        put(h, WireHeaders.TIMING, Timing.encode(reply.timing().phasesMs()));
        put(h, WireHeaders.CONTENT_TYPE, WireHeaders.JSON);
        return record;
    }

    /**
     * Reads a reply record. Empty if it carries no request id (it cannot be matched to a request);
     * a missing or malformed status reads as 502, missing worker and cache as {@code unknown} and
     * {@code none}, malformed timing parts are skipped.
     */
    public static Optional<WireReply> decodeReply(ConsumerRecord<String, byte[]> record) {
        Headers h = record.headers();
        String requestId = text(h, WireHeaders.REQUEST_ID);
        if (requestId == null) {
            return Optional.empty();
        }
        int status = (int) parseLong(text(h, WireHeaders.STATUS), 502);
        if (status < 100 || status > 599) {
            status = 502;
        }
        String worker = text(h, WireHeaders.WORKER);
        String cache = text(h, WireHeaders.CACHE);
        return Optional.of(new WireReply(requestId, status, record.value() == null ? new byte[0] : record.value(),
                worker == null ? "unknown" : worker, (int) parseLong(text(h, WireHeaders.PARTITION), -1),
                cache == null ? "none" : cache, Timing.parse(text(h, WireHeaders.TIMING))));
    }

    /** Epoch microseconds now, the unit of {@code memrun-sent-at-us}. */
    public static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    private static String text(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static long parseLong(String s, long fallback) {
        if (s == null) {
            return fallback;
        }
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
