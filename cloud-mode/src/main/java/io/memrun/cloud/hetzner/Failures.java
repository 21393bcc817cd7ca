package io.memrun.cloud.hetzner;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.Optional;

/**
 * Finds the typed failure inside whatever the library or OkHttp threw. The library catches every
 * {@link IOException} (our {@link HetznerException} included) and rethrows it wrapped in a bare
 * {@code RuntimeException}; OkHttp may wrap it once more in an {@code InterruptedIOException} when the call
 * timed out.
 */
final class Failures {

    private Failures() {
    }

    /**
     * The {@link HetznerException} in {@code thrown}'s cause chain; else {@code invalid_response} for a body
     * Jackson could not read, {@code network_error} for any other I/O failure; empty for anything else (a
     * bug, which the caller rethrows as it is).
     */
    static Optional<HetznerException> typed(String operation, Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof HetznerException e) {
                return Optional.of(e);
            }
        }
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof JsonProcessingException e) {
                return Optional.of(HetznerException.invalidResponse(operation, e));
            }
        }
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof IOException e) {
                return Optional.of(HetznerException.network(operation, e));
            }
        }
        return Optional.empty();
    }
}
