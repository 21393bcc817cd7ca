package io.memrun.runtime.gateway;

/**
 * A request the gateway answers with an error of its own: {@code {"error": ..., "detail": ...}}
 * and this status. Mapped to a response in one place ({@link GatewayRoutes}).
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String error;

    public ApiException(int status, String error, String detail) {
        super(detail);
        this.status = status;
        this.error = error;
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
