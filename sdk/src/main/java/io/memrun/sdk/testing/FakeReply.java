package io.memrun.sdk.testing;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a caller would receive for one request run by a {@link FakeWorker}.
 *
 * @param status the HTTP status: 200, or the status of the error (400 for a missing sticky field
 *     or a malformed body, a {@link io.memrun.sdk.HandlerException}'s status, 500 for any other
 *     exception)
 * @param json the reply body: the handler's result written as JSON, or
 *     {@code {"error": ..., "message": ...}} for an error
 * @param value the handler's result as it returned it (after a {@code CompletionStage} completed);
 *     {@code null} for an error
 * @param cache the {@code Memrun-Cache} outcome: {@code hit} if every {@code getOrFetch} was
 *     local, {@code miss} if any fetched, {@code none} if the handler fetched nothing
 * @param key the routing key computed from the request's sticky fields ({@code ""} if one was missing)
 */
public record FakeReply(int status, JsonNode json, Object value, String cache, String key) {
    /** Whether the status is 200. */
    public boolean ok() {
        return status == 200;
    }

    /** The error message of a failed request, or {@code ""}. */
    public String message() {
        return json.path("message").asText("");
    }
}
