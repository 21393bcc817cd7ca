package io.memrun.runtime.wire;

/**
 * The broker did not take a record in time: it is down, unreachable or overloaded. Nothing was
 * accepted, so the caller may retry. The gateway answers it with a 503.
 */
public final class BrokerUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param detail what failed, for the caller */
    public BrokerUnavailableException(String detail) {
        super(detail);
    }
}
