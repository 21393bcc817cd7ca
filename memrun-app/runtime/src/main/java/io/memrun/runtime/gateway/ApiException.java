package io.memrun.runtime.gateway;

/**
 * A request the gateway answers with an error of its own: {@code {"error": ..., "detail": ...}}
 * and this status. Mapped to a response in one place ({@link GatewayRoutes}).
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String error;
    private final boolean closeConnection;

    public ApiException(int status, String error, String detail) {
        this(status, error, detail, false);
    }

    /**
     * @param closeConnection answer, then close the connection: for a request whose body was not
     *     (or could not be) read, so its unread bytes are never parsed as a next request
     */
    public ApiException(int status, String error, String detail, boolean closeConnection) {
        super(detail);
        this.status = status;
        this.error = error;
        this.closeConnection = closeConnection;
    }

    /** Whether the connection closes after this answer. */
    public boolean closesConnection() {
        return closeConnection;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String detail() {
        return getMessage();
    }
}
