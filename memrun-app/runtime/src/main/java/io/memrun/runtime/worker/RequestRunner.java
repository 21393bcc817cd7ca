package io.memrun.runtime.worker;

import io.memrun.runtime.json.Json;
import io.memrun.runtime.cache.CacheDiskFullException;
import io.memrun.runtime.objectstore.ObjectNotFoundException;
import io.memrun.runtime.objectstore.ObjectStoreUnavailableException;
import io.memrun.runtime.wire.Timing;
import io.memrun.runtime.wire.WireReply;
import io.memrun.runtime.wire.WireRequest;
import io.memrun.sdk.Handler;
import io.memrun.sdk.HandlerException;
import io.memrun.sdk.Request;
import io.memrun.sdk.StickyKey;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a service's handler for one request and turns every outcome into a {@link WireReply}: a
 * result, a handler-reported 4xx, a failure (500 with the exception's message) or a timeout (504).
 * Never throws: the worker keeps serving whatever a handler does.
 */
final class RequestRunner {
    private static final Logger LOG = LoggerFactory.getLogger(RequestRunner.class);
    private static final ObjectMapper JSON = Json.mapper();

    private volatile Handler handler;
    private final StickyKey stickyKey;
    private final SharedContext shared;
    private final int maxReplyBytes;

    RequestRunner(Handler handler, StickyKey stickyKey, SharedContext shared, int maxReplyBytes) {
        this.handler = handler;
        this.stickyKey = stickyKey;
        this.shared = shared;
        this.maxReplyBytes = maxReplyBytes;
    }

    /** Serves later requests with {@code next}; requests already running finish with the old one. */
    void swap(Handler next) {
        this.handler = next;
    }

    /** Runs {@code request}, consumed from {@code partition}, and returns its reply. */
    WireReply run(WireRequest request, int partition, double queueMs) {
        long start = System.nanoTime();
        String requestId = request.requestId();
        long deadlineMs = request.deadlineMs();
        try (RequestContext ctx = new RequestContext(requestId, partition, shared)) {
            ctx.bind();
            int status = 200;
            byte[] body;
            try {
                ObjectNode object = parse(request.value());
                String routingKey = request.key() != null ? request.key() : stickyKey.keyOf(object);
                Object result = handler.handle(ctx, new Request(object, routingKey));
                if (result instanceof CompletionStage<?> stage) {
                    result = await(stage, deadlineMs);
                }
                body = JSON.writeValueAsBytes(result);
                if (body.length > maxReplyBytes) {
                    status = 502;
                    body = Json.error("reply too large", "the handler's reply is " + body.length
                            + " bytes; the limit is " + maxReplyBytes + " (raise --max-body or return less)");
                }
            } catch (StickyKey.MissingStickyFieldException e) {
                // A record produced straight to the topic, without a key, that lacks a sticky field.
                status = 400;
                body = Json.error("bad request", e.getMessage());
            } catch (HandlerException e) {
                status = e.status();
                body = Json.error(e.error(), e.getMessage());
            } catch (TimeoutException e) {
                status = 504;
                body = Json.error("deadline exceeded", "the handler did not finish before the request deadline");
            } catch (ObjectStoreUnavailableException | ObjectNotFoundException | CacheDiskFullException e) {
                // The store failed, or (from a download still running after getOrFetchStreaming returned)
                // the object was deleted or the disk filled: the answers getOrFetch gives for them.
                Answer a = downloadFailure(e);
                status = a.status();
                body = a.body();
            } catch (java.io.UncheckedIOException e) {
                // CachedObject.path() of an object still arriving cannot throw IOException: it wraps the
                // download's failure, which is answered as if it were thrown as it was.
                Answer a = downloadFailure(e.getCause());
                if (a == null) {
                    LOG.debug("handler failed for request {}", requestId, e);
                    a = new Answer(500, Json.error("handler failed", describe(e)));
                }
                status = a.status();
                body = a.body();
            } catch (Throwable e) { // an Error too (NoClassDefFoundError, AssertionError): the request still gets an answer
                LOG.debug("handler failed for request {}", requestId, e);
                status = 500;
                body = Json.error("handler failed", describe(e));
            }
            Map<String, Double> timing = new LinkedHashMap<>();
            timing.put("queue", queueMs);
            timing.put("fetch", ctx.fetchMs());
            timing.put("decode", ctx.decodeMs());
            timing.put("handler", (System.nanoTime() - start) / 1e6);
            return new WireReply(requestId, status, body, shared.workerId(), partition, ctx.cacheState(), new Timing(timing));
        }
    }

    private static ObjectNode parse(byte[] value) {
        JsonNode parsed;
        try {
            parsed = JSON.readTree(value);
        } catch (java.io.IOException e) {
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw HandlerException.badRequest("request is not valid JSON: " + why);
        }
        if (!(parsed instanceof ObjectNode object)) {
            throw HandlerException.badRequest("request must be a JSON object");
        }
        return object;
    }

    /** The reply for a request whose deadline passed before it started. */
    WireReply expired(WireRequest request, int partition, double queueMs) {
        Map<String, Double> timing = new LinkedHashMap<>();
        timing.put("queue", queueMs);
        return new WireReply(request.requestId(), 504,
                Json.error("deadline exceeded", "the request waited in the queue past its deadline"),
                shared.workerId(), partition, "none", new Timing(timing));
    }

    private static Object await(CompletionStage<?> stage, long deadlineMs) throws Exception {
        long waitMs = Math.max(1, deadlineMs - System.currentTimeMillis());
        try {
            return stage.toCompletableFuture().get(waitMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** A status and body for the reply. */
    private record Answer(int status, byte[] body) {
    }

    /** The answer to a failed download, as getOrFetch gives it; {@code null} if {@code t} is not one. */
    private static Answer downloadFailure(Throwable t) {
        if (t instanceof ObjectStoreUnavailableException e) {
            return new Answer(502, Json.error("object store unavailable", e.getMessage()));
        }
        if (t instanceof ObjectNotFoundException || t instanceof CacheDiskFullException) {
            HandlerException as = new HandlerException(t instanceof ObjectNotFoundException ? 404 : 507, t.getMessage());
            return new Answer(as.status(), Json.error(as.error(), as.getMessage()));
        }
        return null;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
