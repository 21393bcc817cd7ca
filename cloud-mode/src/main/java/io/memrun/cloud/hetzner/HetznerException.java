package io.memrun.cloud.hetzner;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * A failed Hetzner call, typed: the HTTP status, Hetzner's error {@code code} and message, and the
 * rate-limit state of the response when it carried one. Branch on the code (or the helpers), not on the
 * status: Hetzner answers both {@code conflict} (retry) and {@code uniqueness_error} (look the name up)
 * with 409.
 *
 * <p>The code is a string so that codes this client does not know (Hetzner adds them) arrive intact.
 * When the failure did not come with a Hetzner error body, the code is one of this client's own:
 * <ul>
 *   <li>{@value #HTTP_ERROR}: a non-2xx response without {@code {"error":{...}}} (a proxy's HTML page,
 *       a gateway error); {@link #status()} is the HTTP status. A 401 without a body is still
 *       {@value #UNAUTHORIZED}.</li>
 *   <li>{@value #NETWORK_ERROR}: no response at all (connection refused or reset, timeout);
 *       {@link #status()} is 0. A write that failed this way may or may not have happened.</li>
 *   <li>{@value #INVALID_RESPONSE}: a 2xx response whose body could not be read.</li>
 *   <li>{@value #INTERRUPTED}: the thread was interrupted while waiting to retry; its interrupt flag is
 *       set again.</li>
 * </ul>
 *
 * <p>No message or {@code toString} of this exception contains the API token.
 */
public final class HetznerException extends IOException {

    private static final long serialVersionUID = 1L;

    public static final String UNAUTHORIZED = "unauthorized";
    public static final String NOT_FOUND = "not_found";
    public static final String CONFLICT = "conflict";
    public static final String UNIQUENESS_ERROR = "uniqueness_error";
    public static final String RATE_LIMIT_EXCEEDED = "rate_limit_exceeded";
    public static final String HTTP_ERROR = "http_error";
    public static final String NETWORK_ERROR = "network_error";
    public static final String INVALID_RESPONSE = "invalid_response";
    public static final String INTERRUPTED = "interrupted";

    private final String operation;
    private final int status;
    private final String code;
    private final String detail;
    private final transient RateLimit rateLimit;

    /**
     * A Hetzner error, for callers (fakes of {@link HetznerCloud} in tests) that need to make one.
     *
     * @param operation what was called, e.g. {@code POST /v1/servers}
     * @param status    the HTTP status, 0 when there was no response
     * @param code      Hetzner's error code, or one of this client's own
     * @param message   Hetzner's message (never the token)
     */
    public HetznerException(String operation, int status, String code, String message) {
        this(operation, status, code, message, null, null);
    }

    HetznerException(String operation, int status, String code, String message, RateLimit rateLimit,
                     Throwable cause) {
        super(operation + ": " + code + (status > 0 ? " (HTTP " + status + ")" : "") + ": " + message, cause);
        this.operation = Objects.requireNonNull(operation, "operation");
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
        this.detail = Objects.requireNonNull(message, "message");
        this.rateLimit = rateLimit;
    }

    static HetznerException network(String operation, IOException cause) {
        return new HetznerException(operation, 0, NETWORK_ERROR, "no response from Hetzner: " + cause, null, cause);
    }

    static HetznerException invalidResponse(String operation, Throwable cause) {
        return new HetznerException(operation, 0, INVALID_RESPONSE, "could not read Hetzner's response: " + cause,
                null, cause);
    }

    static HetznerException interrupted(String operation, InterruptedException cause) {
        return new HetznerException(operation, 0, INTERRUPTED, "interrupted while waiting to retry", null, cause);
    }

    /** What was called, e.g. {@code GET /v1/servers}: method and path, without the query. */
    public String operation() {
        return operation;
    }

    /** The HTTP status; 0 when there was no response ({@value #NETWORK_ERROR}, {@value #INTERRUPTED}). */
    public int status() {
        return status;
    }

    /** Hetzner's error code ({@code not_found}, {@code conflict}, ...) or one of this client's own. */
    public String code() {
        return code;
    }

    /** Hetzner's message for the error (for {@value #UNAUTHORIZED}: "Hetzner rejected the token"). */
    public String detail() {
        return detail;
    }

    /** The rate-limit state the error response carried, empty when it had none. */
    public Optional<RateLimit> rateLimit() {
        return Optional.ofNullable(rateLimit);
    }

    /** The resource changed during the request; Hetzner asks to retry. Retried by the client on every call. */
    public boolean isConflict() {
        return CONFLICT.equals(code);
    }

    /** Too many requests ({@code rate_limit_exceeded} or HTTP 429). */
    public boolean isRateLimited() {
        return RATE_LIMIT_EXCEEDED.equals(code) || status == 429;
    }

    /** A unique field (a server's name) is taken: after a create, look the name up and adopt the server. */
    public boolean isUniquenessError() {
        return UNIQUENESS_ERROR.equals(code);
    }

    /** The token is missing, wrong or revoked ({@code unauthorized} or HTTP 401). */
    public boolean isUnauthorized() {
        return UNAUTHORIZED.equals(code) || status == 401;
    }

    /**
     * Hetzner said the resource does not exist ({@code not_found}). A bare 404 without Hetzner's error body
     * (a wrong {@code HCLOUD_ENDPOINT}) is deliberately not "not found": a scheduler must not conclude that
     * its servers are gone because it talks to the wrong host.
     */
    public boolean isNotFound() {
        return NOT_FOUND.equals(code);
    }

    /**
     * Whether repeating the call is safe and may succeed, following hcloud-go: {@code conflict} on any call
     * (Hetzner refused the request before doing anything); rate limiting, 502, 503, 504 and network errors
     * only on reads, since a write may have taken effect.
     *
     * @param read whether the call was a read (GET)
     */
    public boolean retryable(boolean read) {
        if (isConflict()) {
            return true;
        }
        return read && (isRateLimited() || status == 502 || status == 503 || status == 504
                || NETWORK_ERROR.equals(code));
    }
}
