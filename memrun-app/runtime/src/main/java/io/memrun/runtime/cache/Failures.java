package io.memrun.runtime.cache;

import java.io.IOException;

/** Passing on a failure caught on another thread (a download's) as the caller's own. */
final class Failures {
    private Failures() {
    }

    /**
     * {@code t} as the caller should throw it: an {@link IOException} is returned to be thrown, an
     * unchecked one is thrown here, anything else is wrapped in an {@code IOException}.
     */
    static IOException rethrow(Throwable t) {
        if (t instanceof IOException io) {
            return io;
        } else if (t instanceof RuntimeException re) {
            throw re;
        } else if (t instanceof Error err) {
            throw err;
        }
        return new IOException(t);
    }
}
