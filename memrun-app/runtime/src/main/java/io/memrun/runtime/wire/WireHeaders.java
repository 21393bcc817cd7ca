package io.memrun.runtime.wire;

/**
 * Kafka record header names of the request/reply protocol; {@link WireCodec} reads and writes
 * them. Values are UTF-8 text. See docs/wire-format.md.
 */
public final class WireHeaders {
    /** Request and reply: the request id, unique per client request. */
    public static final String REQUEST_ID = "memrun-request-id";
    /** Request: the topic to send the reply to. */
    public static final String REPLY_TO = "memrun-reply-to";
    /** Request: epoch milliseconds after which nobody waits for the reply. */
    public static final String DEADLINE = "memrun-deadline-ms";
    /** Request: epoch microseconds when the gateway produced it (queue time). */
    public static final String SENT_AT = "memrun-sent-at-us";
    /** Request and reply: {@code application/json}. */
    public static final String CONTENT_TYPE = "content-type";
    /** Reply: the HTTP status of the outcome (200, 4xx for handler-reported errors, 5xx). */
    public static final String STATUS = "memrun-status";
    /** Reply: the worker id that ran the handler. */
    public static final String WORKER = "memrun-worker";
    /** Reply: the request topic partition the request was consumed from. */
    public static final String PARTITION = "memrun-partition";
    /** Reply: {@code hit}, {@code miss} or {@code none}. */
    public static final String CACHE = "memrun-cache";
    /** Reply: phase durations in ms, {@code queue=0.41;fetch=3.20;decode=1.00;handler=5.10}. */
    public static final String TIMING = "memrun-timing";

    public static final String JSON = "application/json";

    private WireHeaders() {
    }
}
