package io.memrun.app.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.memrun.app.json.Json;
import io.memrun.app.registry.ServiceRecord;
import io.memrun.app.registry.ServiceRegistry;
import io.memrun.sdk.StickyKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gateway's HTTP API. Errors of every kind are mapped to JSON responses here, once. */
final class GatewayRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayRoutes.class);
    private static final ObjectMapper JSON = Json.mapper();
    private static final String APPLICATION_JSON = "application/json";

    private final ServiceRegistry registry;
    private final Invoker invoker;
    private final RequestBodies bodies;
    private final GatewaySettings settings;
    private final BooleanSupplier ready;

    GatewayRoutes(ServiceRegistry registry, Invoker invoker, GatewaySettings settings, BooleanSupplier ready) {
        this.registry = registry;
        this.invoker = invoker;
        this.settings = settings;
        this.bodies = new RequestBodies(settings.maxBodyBytes());
        this.ready = ready;
    }

    void register(HttpRouting.Builder routing) {
        routing.get("/health", this::health)
                .get("/v1/services", this::listServices)
                .get("/v1/services/{name}", this::getService)
                .post("/v1/services/{name}/invoke", this::invoke)
                .any(this::notFound)
                .error(ApiException.class, GatewayRoutes::apiError)
                .error(Exception.class, GatewayRoutes::unexpected);
    }

    private void health(ServerRequest req, ServerResponse res) {
        boolean up = ready.getAsBoolean();
        ObjectNode body = JSON.createObjectNode().put("status", up ? "UP" : "STARTING");
        send(res, up ? 200 : 503, body);
    }

    private void listServices(ServerRequest req, ServerResponse res) {
        ArrayNode list = JSON.createArrayNode();
        registry.list().forEach(s -> list.add(describe(s)));
        send(res, 200, JSON.createObjectNode().set("services", list));
    }

    private void getService(ServerRequest req, ServerResponse res) {
        send(res, 200, describe(service(req.path().pathParameters().get("name"))));
    }

    private void invoke(ServerRequest req, ServerResponse res) throws InterruptedException {
        long start = System.nanoTime();
        ServiceRecord service = service(req.path().pathParameters().get("name"));
        byte[] body = bodies.read(req);
        ObjectNode request = bodies.parseObject(body);
        String key;
        try {
            key = service.stickyKey().keyOf(request);
        } catch (StickyKey.MissingStickyFieldException e) {
            throw new ApiException(400, "missing sticky-key field", e.getMessage());
        }
        Duration deadline = settings.defaultDeadline();
        ReplyMessage reply = invoker.invoke(service.name(), key, body, deadline);
        double totalMs = (System.nanoTime() - start) / 1e6;
        res.status(reply.status());
        res.header("Content-Type", APPLICATION_JSON);
        res.header("Memrun-Worker", nonNull(reply.worker()));
        res.header("Memrun-Partition", nonNull(reply.partition()));
        res.header("Memrun-Cache", nonNull(reply.cache()));
        res.header("Server-Timing", reply.timing().serverTiming(totalMs));
        res.send(reply.body());
    }

    private static String nonNull(String s) {
        return s == null ? "unknown" : s;
    }

    private ServiceRecord service(String name) {
        return registry.find(name).orElseThrow(() -> new ApiException(404, "unknown service",
                "no service named '" + name + "'; GET /v1/services lists the deployed ones"));
    }

    private void notFound(ServerRequest req, ServerResponse res) {
        String path = req.path().path();
        if (path.matches("/v1/services/[^/]+/invoke") && req.prologue().method() != Method.POST) {
            throw new ApiException(405, "method not allowed", "invoke a service with POST " + path);
        }
        throw new ApiException(404, "not found", "no route for " + req.prologue().method().text() + " " + path
                + "; the API is POST /v1/services/{name}/invoke, GET /v1/services, GET /health");
    }

    private static ObjectNode describe(ServiceRecord s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", s.name());
        n.put("sticky_key", s.stickyKey().toString());
        n.put("partitions", s.partitions());
        n.put("memory_bytes", s.memoryBytes());
        n.put("disk_bytes", s.diskBytes());
        n.put("max_workers", s.maxWorkers());
        n.put("concurrency", s.concurrency());
        n.put("revision", s.revision());
        n.put("updated_at", s.updatedAt().toString());
        return n;
    }

    private static void apiError(ServerRequest req, ServerResponse res, ApiException e) {
        res.status(e.status());
        res.header("Content-Type", APPLICATION_JSON);
        res.send(Json.error(e.error(), e.detail()));
    }

    private static void unexpected(ServerRequest req, ServerResponse res, Exception e) {
        LOG.error("unexpected error on {} {}", req.prologue().method().text(), req.path().path(), e);
        res.status(500);
        res.header("Content-Type", APPLICATION_JSON);
        res.send(Json.error("internal error", e.getClass().getSimpleName() + ": " + e.getMessage()));
    }

    private static void send(ServerResponse res, int status, Object body) {
        try {
            res.status(status);
            res.header("Content-Type", APPLICATION_JSON);
            res.send(JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
