package io.memrun.shell.internal;

/**
 * One answer to an invoke, successful or not.
 *
 * @param status the HTTP status
 * @param body the response body (the handler's JSON, or {@code {"error","detail"}})
 * @param worker the {@code Memrun-Worker} header, or {@code "-"}
 * @param partition the {@code Memrun-Partition} header, or {@code "-"}
 * @param cache the {@code Memrun-Cache} header ({@code hit}, {@code miss}, {@code none}), or {@code "-"}
 * @param requestId the {@code Memrun-Request-Id} header, or {@code "-"}
 * @param timing the {@code Server-Timing} phases
 * @param clientMs the round trip as this client measured it
 */
public record InvokeResult(int status, String body, String worker, String partition, String cache, String requestId,
                           ServerTiming timing, double clientMs) {
    /** Whether the handler answered with a 2xx. */
    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The platform's error as one line; only meaningful when not {@link #ok()}. */
    public GatewayException error() {
        return GatewayException.fromResponse(status, body);
    }
}
