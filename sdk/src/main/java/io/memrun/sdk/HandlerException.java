package io.memrun.sdk;

/**
 * An error a handler throws on purpose: the caller receives this status and message, e.g. for bad
 * input ({@link #badRequest}) or a missing object ({@link #notFound}). Any other exception a
 * handler throws is answered as a 500 carrying its message.
 *
 * <p>Either way the request is answered once and its offset committed: the platform retries no
 * failed request, whatever the exception or status. (A request is delivered again only when the
 * worker holding it dies before answering; then it runs again on the partition's next owner.) A
 * client that wants a retry sends the request again.
 */
public class HandlerException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    /**
     * @param status an HTTP status between 400 and 599
     * @param message what went wrong and what to fix; shown to the caller
     */
    public HandlerException(int status, String message) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be a 4xx or 5xx, was " + status);
        }
        this.status = status;
    }

    /** A 400: the request was wrong; the message says what to fix. */
    public static HandlerException badRequest(String message) {
        return new HandlerException(400, message);
    }

    /** A 403: the request asks for something this service will not touch; the message says why. */
    public static HandlerException forbidden(String message) {
        return new HandlerException(403, message);
    }

    /** A 404: something the request names does not exist. */
    public static HandlerException notFound(String message) {
        return new HandlerException(404, message);
    }

    /** The HTTP status the caller sees. */
    public int status() {
        return status;
    }

    /**
     * The {@code error} field of the JSON body the caller sees (the message is its {@code detail}):
     * "forbidden" for 403, "insufficient storage" for 507, otherwise "bad request" for a 4xx and
     * "handler error" for a 5xx.
     */
    public String error() {
        return switch (status) {
            case 403 -> "forbidden";
            case 507 -> "insufficient storage";
            default -> status < 500 ? "bad request" : "handler error";
        };
    }
}
