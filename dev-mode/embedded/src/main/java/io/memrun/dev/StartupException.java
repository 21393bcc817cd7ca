package io.memrun.dev;

/**
 * An embedded service could not be started: it did not become ready within its timeout, its
 * port could not be bound, or its data directory could not be prepared.
 *
 * <p>When this is thrown, whatever the failed {@code start} call had already started has been
 * stopped again (failures while stopping are attached with {@link #addSuppressed}), so the
 * caller has nothing to clean up. The message names the service, its data directory and its
 * port; the cause, when there is one, is the underlying failure.
 */
public final class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A failure detected by the embedded service itself, e.g. a data directory in use.
     *
     * @param message what failed to start, and where
     */
    public StartupException(String message) {
        super(message);
    }

    /**
     * @param message what failed to start, and where
     * @param cause the underlying failure
     */
    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
