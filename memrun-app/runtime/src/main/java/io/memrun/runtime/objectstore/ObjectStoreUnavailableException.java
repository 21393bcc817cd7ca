package io.memrun.runtime.objectstore;

import java.io.IOException;

/** The object store could not be reached or answered with an error (a 502 for the client). */
public final class ObjectStoreUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    public ObjectStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
