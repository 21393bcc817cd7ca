package io.memrun.runtime.wire;

/**
 * No reply arrived before the request's deadline. The request may still run (it was accepted);
 * a late reply is dropped and counted. The gateway answers it with a 504.
 */
public final class DeadlineExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String requestId;

    /**
     * @param requestId the request that got no reply in time
     * @param detail what to do about it, for the caller
     */
    public DeadlineExceededException(String requestId, String detail) {
        super(detail);
        this.requestId = requestId;
    }

    /** The request that got no reply in time. */
    public String requestId() {
        return requestId;
    }
}
