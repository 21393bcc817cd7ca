package io.memrun.cloud.hetzner;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.Optional;
import me.tomsdevsn.hetznercloud.exception.APIRequestException;
import me.tomsdevsn.hetznercloud.objects.general.APIError;

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
     * The {@link HetznerException} in {@code thrown}'s cause chain; else the library's own error (which
     * {@link ErrorInterceptor} pre-empts, so only if that ever lets a response through) with status 0;
     * else {@code invalid_response} for a body Jackson could not read, {@code network_error} for any other
     * I/O failure; empty for anything else (a bug, which the caller rethrows as it is).
     */
    static Optional<HetznerException> typed(String operation, Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof HetznerException e) {
                return Optional.of(e);
            }
        }
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof APIRequestException e) {
                return Optional.of(fromLibrary(operation, e));
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

    private static HetznerException fromLibrary(String operation, APIRequestException e) {
        APIError error = e.getApiErrorResponse() == null ? null : e.getApiErrorResponse().getError();
        if (error == null || error.getCode() == null) {
            return new HetznerException(operation, 0, HetznerException.HTTP_ERROR, "the library failed the call",
                    null, e);
        }
        // The library's enum spells "protected" as "_protected".
        String code = error.getCode().name().replaceFirst("^_", "");
        return new HetznerException(operation, 0, code, String.valueOf(error.getMessage()), null, e);
    }
}
