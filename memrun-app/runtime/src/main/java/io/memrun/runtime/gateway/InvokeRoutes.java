package io.memrun.runtime.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.memrun.runtime.json.Json;
import io.memrun.runtime.registry.ServiceRecord;
import io.memrun.runtime.registry.ServiceRegistry;
import io.memrun.runtime.wire.BrokerUnavailableException;
import io.memrun.runtime.wire.DeadlineExceededException;
import io.memrun.sdk.StickyKey;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Invoking a service: synchronously ({@code POST /v1/services/{name}/invoke}), or asynchronously
 * ({@code POST /v1/services/{name}/submit} answers 202 with a request id, then
 * {@code GET /v1/requests/{id}} answers 202 while it runs and the reply once it is there).
 */
final class InvokeRoutes {
    private final ServiceRegistry registry;
    private final Invoker invoker;
    private final RequestBodies bodies;
    private final GatewaySettings settings;
    private final BrokerHealth broker;
    private final AsyncRequests async = new AsyncRequests();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    private volatile boolean draining;

    InvokeRoutes(ServiceRegistry registry, Invoker invoker, GatewaySettings settings, BrokerHealth broker) {
        this.registry = registry;
        this.invoker = invoker;
        this.settings = settings;
        this.bodies = new RequestBodies(settings.maxBodyBytes());
        this.broker = broker;
    }

    void register(HttpRouting.Builder routing) {
        routing.post("/v1/services/{name}/invoke", this::invoke)
                .post("/v1/services/{name}/submit", this::submit)
                .get("/v1/requests/{id}", this::poll);
    }

    /** A validated request, ready to send. */
    private record Accepted(ServiceRecord service, String key, byte[] body, Duration deadline) {
    }

    /** From now on new requests are refused (503); those already accepted go on to their replies. */
    void drain() {
        draining = true;
    }

    private Accepted accept(ServerRequest req) {
        try {
            if (draining) {
                throw new ApiException(503, "shutting down", "this memrun is stopping and takes no new requests;"
                        + " retry once it is back", true);
            }
            ServiceRecord service = registry.find(req.path().pathParameters().get("name"))
                    .orElseThrow(() -> new ApiException(404, "unknown service", "no service named '"
                            + req.path().pathParameters().get("name") + "'; GET /v1/services lists the deployed ones"));
            Duration deadline = Deadlines.of(req, settings.defaultDeadline());
            byte[] body = bodies.read(req);
            ObjectNode request = bodies.parseObject(body);
            String key;
            try {
                key = service.stickyKey().keyOf(request);
            } catch (StickyKey.MissingStickyFieldException e) {
                throw new ApiException(400, "missing sticky-key field", e.getMessage());
            }
            if (!broker.up()) {
                throw new BrokerUnavailableException("the Kafka broker does not answer; retry shortly");
            }
            accepted.incrementAndGet();
            return new Accepted(service, key, body, deadline);
        } catch (ApiException | BrokerUnavailableException e) {
            rejected.incrementAndGet();
            throw e;
        }
    }

    private void invoke(ServerRequest req, ServerResponse res) throws InterruptedException {
        long start = System.nanoTime();
        Accepted a = accept(req);
        Invoker.Sent sent = invoker.send(a.service().name(), a.key(), a.body(), a.deadline());
        Responses.reply(res, invoker.await(sent), (System.nanoTime() - start) / 1e6);
    }

    private void submit(ServerRequest req, ServerResponse res) throws InterruptedException {
        Accepted a = accept(req);
        Invoker.Sent sent = invoker.send(a.service().name(), a.key(), a.body(), a.deadline());
        async.put(new AsyncRequests.Submitted(sent.requestId(), a.service().name(), sent.reply(), sent.deadlineMs()));
        String url = "/v1/requests/" + sent.requestId();
        res.header("Location", url);
        Responses.json(res, 202, Json.mapper().createObjectNode()
                .put("request_id", sent.requestId()).put("status", "pending").put("status_url", url));
    }

    private void poll(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        AsyncRequests.Submitted s = async.find(id).orElseThrow(() -> new ApiException(404, "unknown request",
                "no request with id '" + id + "'; results are kept for 10 minutes after submit"));
        if (s.reply().isDone() && !s.reply().isCompletedExceptionally()) {
            Responses.reply(res, s.reply().join(), 0);
            return;
        }
        if (System.currentTimeMillis() > s.deadlineMs()) {
            invoker.forget(id);
            async.remove(id);
            throw new DeadlineExceededException(id, "request " + id + " got no reply before its deadline");
        }
        Responses.json(res, 202, Json.mapper().createObjectNode().put("request_id", id).put("status", "pending"));
    }
}
