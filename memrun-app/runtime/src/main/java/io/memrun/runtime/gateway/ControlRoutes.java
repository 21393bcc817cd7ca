package io.memrun.runtime.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.memrun.runtime.json.Json;
import io.memrun.runtime.registry.ServiceRecord;
import io.memrun.runtime.registry.ServiceRegistry;
import io.memrun.runtime.registry.WorkerRecord;
import io.memrun.runtime.wire.Heartbeat;
import java.sql.SQLException;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Health, services, workers and metrics: what the control plane knows. */
final class ControlRoutes {
    private static final ObjectMapper JSON = Json.mapper();

    private final ServiceRegistry registry;
    private final BooleanSupplier ready;
    private final Metrics metrics;

    ControlRoutes(ServiceRegistry registry, BooleanSupplier ready, Metrics metrics) {
        this.registry = registry;
        this.ready = ready;
        this.metrics = metrics;
    }

    void register(HttpRouting.Builder routing) {
        routing.get("/health", this::health)
                .get("/metrics", this::metrics)
                .get("/v1/services", this::listServices)
                .get("/v1/services/{name}", this::getService)
                .get("/v1/services/{name}/workers", this::listWorkers);
    }

    /** The last route: everything unmatched gets a JSON 404 (or 405 for a known path). */
    static void notFound(ServerRequest req, ServerResponse res) {
        String path = req.path().path();
        if (path.matches("/v1/services/[^/]+/(invoke|submit)") && req.prologue().method() != Method.POST) {
            throw new ApiException(405, "method not allowed", "use POST " + path);
        }
        throw new ApiException(404, "not found", "no route for " + req.prologue().method().text() + " " + path
                + "; the API is POST /v1/services/{name}/invoke, POST /v1/services/{name}/submit, GET /v1/requests/{id},"
                + " GET /v1/services, GET /v1/services/{name}/workers, GET /health, GET /metrics");
    }

    private void health(ServerRequest req, ServerResponse res) {
        boolean up = ready.getAsBoolean();
        Responses.json(res, up ? 200 : 503, JSON.createObjectNode().put("status", up ? "UP" : "STARTING"));
    }

    private void metrics(ServerRequest req, ServerResponse res) throws SQLException {
        res.header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        res.send(metrics.render(registry));
    }

    private void listServices(ServerRequest req, ServerResponse res) {
        ArrayNode list = JSON.createArrayNode();
        registry.list().forEach(s -> list.add(describe(s)));
        Responses.json(res, 200, JSON.createObjectNode().set("services", list));
    }

    private void getService(ServerRequest req, ServerResponse res) {
        Responses.json(res, 200, describe(service(req)));
    }

    private void listWorkers(ServerRequest req, ServerResponse res) throws SQLException {
        ServiceRecord svc = service(req);
        Instant now = Instant.now();
        ArrayNode list = JSON.createArrayNode();
        for (WorkerRecord w : registry.workers().forService(svc.name())) {
            Heartbeat hb = w.heartbeat();
            ObjectNode n = list.addObject();
            n.put("id", hb.workerId());
            n.put("status", w.status(now));
            n.put("revision", hb.revision());
            n.put("host", hb.host());
            n.set("partitions", JSON.valueToTree(hb.partitions()));
            n.put("in_flight", hb.inFlight());
            n.set("cache", JSON.valueToTree(hb.cache()));
            n.put("last_heartbeat", w.receivedAt().toString());
            n.put("seconds_since_heartbeat", (now.toEpochMilli() - w.receivedAt().toEpochMilli()) / 1000.0);
        }
        Responses.json(res, 200, JSON.createObjectNode().put("service", svc.name()).set("workers", list));
    }

    private ServiceRecord service(ServerRequest req) {
        String name = req.path().pathParameters().get("name");
        return registry.find(name).orElseThrow(() -> new ApiException(404, "unknown service",
                "no service named '" + name + "'; GET /v1/services lists the deployed ones"));
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
}
