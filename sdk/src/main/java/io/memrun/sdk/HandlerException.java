package io.memrun.sdk;

/**
 * A terminal error a handler throws on purpose: the request is answered with this status and
 * message and is never retried. Use it for bad input ({@link #badRequest}) or a missing object
 * ({@link #notFound}); let any other exception escape for a 500-class error.
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

    /** A 404: something the request names does not exist. */
    public static HandlerException notFound(String message) {
        return new HandlerException(404, message);
    }

    /** The HTTP status the caller sees. */
    public int status() {
        return status;
    }
}
