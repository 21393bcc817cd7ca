package io.memrun.sdk;

/**
 * A service's request handler. The platform calls it on a worker for every request routed there,
 * up to the service's {@code concurrency} at once (each call on its own virtual thread), so an
 * implementation must be safe to call concurrently; state that outlives a request belongs in
 * {@link SharedWorkerContext}.
 *
 * <p>The return value is the reply: anything Jackson can write as JSON (a {@code Map}, a record,
 * a {@code JsonNode}, a {@code String}, ...) or a {@link java.util.concurrent.CompletionStage} of
 * one. Throw {@link HandlerException} for an error the caller caused (a 4xx, never retried); any
 * other exception becomes a 500-class error carrying its message, and the worker keeps serving.
 */
@FunctionalInterface
public interface Handler {
    /**
     * Handles one request.
     *
     * @param ctx this request's view of the worker: cache, shared state, identity
     * @param request the JSON request
     * @return the reply, or a {@code CompletionStage} of it
     * @throws Exception any failure; see the interface description for how it is reported
     */
    Object handle(WorkerRequestContext ctx, Request request) throws Exception;
}
