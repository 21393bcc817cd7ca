package io.memrun.cloud.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.memrun.cloud.bootstrap.WorkerConfig;
import io.memrun.cloud.scheduler.Scheduler;
import io.memrun.runtime.gateway.ApiException;
import io.memrun.runtime.gateway.Responses;
import io.memrun.runtime.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The scheduler's control-plane API under {@code /v1/cloud}, registered on the runtime's gateway.
 * Every route but {@code enroll} needs the admin token ({@link io.memrun.cloud.auth.AuthGuard}).
 *
 * <pre>
 * POST   /v1/cloud/artifacts?kind=jar|zip      body: the artifact  → {"sha256": ...}
 * POST   /v1/cloud/deploy                      {"artifact_sha256", "kind", "workers", "service"?, "canary"?, "warm_handoff"?}
 * POST   /v1/cloud/services/{name}/scale       {"workers": N}
 * GET    /v1/cloud/services/{name}/logs[?worker=s0&amp;after=ID&amp;limit=N]  the workers' log lines
 * POST   /v1/cloud/services/{name}/promote     continue a canary rollout
 * POST   /v1/cloud/services/{name}/rollback    {"revision"?: N} redeploy an earlier revision's artifact
 * DELETE /v1/cloud/services/{name}[?delete_topics=true]
 * DELETE /v1/cloud/services?all=true[&amp;delete_topics=true]
 * GET    /v1/cloud/status[?service=NAME&amp;events=N]
 * POST   /v1/cloud/tokens                      {"invoke": "SERVICE"}  → {"token": ...} (shown once)
 * POST   /v1/cloud/enroll                      {"server_name", "token"} → the worker's configuration
 * </pre>
 */
public final class CloudRoutes implements HttpService {
    private static final ObjectMapper JSON = Json.mapper();
    private final Scheduler scheduler;

    public CloudRoutes(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/v1/cloud/artifacts", this::upload)
                .post("/v1/cloud/deploy", this::deploy)
                .post("/v1/cloud/services/{name}/scale", this::scale)
                .post("/v1/cloud/services/{name}/promote", this::promote)
                .get("/v1/cloud/services/{name}/logs", this::logs)
                .post("/v1/cloud/services/{name}/rollback", this::rollback)
                .delete("/v1/cloud/services/{name}", this::destroy)
                .delete("/v1/cloud/services", this::destroyAll)
                .get("/v1/cloud/status", this::status)
                .post("/v1/cloud/tokens", this::token)
                .post("/v1/cloud/enroll", this::enroll);
    }

    private void upload(ServerRequest req, ServerResponse res) throws IOException {
        String kind = req.query().first("kind").orElse("jar");
        String sha;
        try (InputStream in = req.content().inputStream()) {
            sha = scheduler.uploadArtifact(kind, in);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "bad artifact", e.getMessage());
        }
        Responses.json(res, 200, JSON.createObjectNode().put("sha256", sha).put("kind", kind));
    }

    private void deploy(ServerRequest req, ServerResponse res) throws Exception {
        JsonNode body = body(req);
        String kind = text(body, "kind").orElse("bundled");
        String sha = text(body, "artifact_sha256").orElse("");
        if (!kind.equals("bundled") && !sha.matches("[0-9a-f]{64}")) {
            throw new ApiException(400, "bad request", "artifact_sha256 must be the 64 hex digits POST /v1/cloud/artifacts returned");
        }
        int workers = integer(body, "workers", 1);
        JsonNode canary = body.get("canary");
        if (canary != null && !canary.isNull() && !canary.isBoolean()) {
            throw new ApiException(400, "bad request", "canary must be true or false, was " + canary);
        }
        JsonNode warm = body.get("warm_handoff");
        if (warm != null && !warm.isNull() && !warm.isBoolean()) {
            throw new ApiException(400, "bad request", "warm_handoff must be true or false, was " + warm);
        }
        Scheduler.Deployed d = scheduler.deploy(sha, kind, workers, text(body, "service"), canary != null && canary.asBoolean(),
                warm == null || warm.isNull() || warm.asBoolean());
        Responses.json(res, 200, JSON.valueToTree(d));
    }

    private void logs(ServerRequest req, ServerResponse res) throws Exception {
        String name = req.path().pathParameters().get("name");
        Optional<String> worker = req.query().first("worker").asOptional();
        if (worker.isPresent() && !worker.get().matches("s\\d{1,4}")) {
            throw new ApiException(400, "bad request", "worker must name a slot like s0, was '" + worker.get() + "'");
        }
        long after = req.query().first("after").map(a -> (long) Math.max(0, parseInt(a, "after"))).orElse(-1L);
        int limit = Math.max(1, Math.min(5000, req.query().first("limit").map(l -> parseInt(l, "limit")).orElse(200)));
        var lines = JSON.createArrayNode();
        for (var l : scheduler.logs(name, worker, after, limit)) {
            lines.addObject().put("id", l.id()).put("at", l.at().toString()).put("slot", l.slot()).put("server", l.server())
                    .put("level", l.level()).put("line", l.line());
        }
        Responses.json(res, 200, JSON.createObjectNode().put("service", name).set("lines", lines));
    }

    private void promote(ServerRequest req, ServerResponse res) throws Exception {
        String name = req.path().pathParameters().get("name");
        scheduler.promote(name);
        Responses.json(res, 200, JSON.createObjectNode().put("service", name).put("promoted", true));
    }

    private void rollback(ServerRequest req, ServerResponse res) throws Exception {
        String name = req.path().pathParameters().get("name");
        JsonNode body = body(req);
        Optional<Integer> to = body.has("revision") ? Optional.of(integer(body, "revision", 0)) : Optional.empty();
        Scheduler.Deployed d = scheduler.rollback(name, to);
        Responses.json(res, 200, JSON.valueToTree(d));
    }

    private void scale(ServerRequest req, ServerResponse res) throws Exception {
        String name = req.path().pathParameters().get("name");
        JsonNode body = body(req);
        if (!body.has("workers")) {
            throw new ApiException(400, "bad request", "give {\"workers\": N}");
        }
        scheduler.scale(name, integer(body, "workers", 0));
        Responses.json(res, 200, JSON.createObjectNode().put("service", name).put("workers", body.get("workers").asInt()));
    }

    private void destroy(ServerRequest req, ServerResponse res) throws Exception {
        String name = req.path().pathParameters().get("name");
        scheduler.destroy(name, flag(req, "delete_topics"));
        Responses.json(res, 202, JSON.createObjectNode().put("destroying", name));
    }

    private void destroyAll(ServerRequest req, ServerResponse res) throws Exception {
        if (!flag(req, "all")) {
            throw new ApiException(400, "bad request", "DELETE /v1/cloud/services needs ?all=true; to remove one service use"
                    + " DELETE /v1/cloud/services/{name}");
        }
        List<String> names = scheduler.destroyAll(flag(req, "delete_topics"));
        Responses.json(res, 202, JSON.createObjectNode().set("destroying", JSON.valueToTree(names)));
    }

    private void status(ServerRequest req, ServerResponse res) throws Exception {
        int events = req.query().first("events").map(ev -> parseInt(ev, "events")).orElse(10);
        Responses.json(res, 200, scheduler.status(req.query().first("service").asOptional(), Math.max(0, Math.min(events, 1000))));
    }

    private void token(ServerRequest req, ServerResponse res) throws Exception {
        JsonNode body = body(req);
        String service = text(body, "invoke").orElseThrow(() -> new ApiException(400, "bad request",
                "give {\"invoke\": \"SERVICE\"}: invoke tokens are the only kind that can be created"));
        Responses.json(res, 201, JSON.createObjectNode().put("token", scheduler.createInvokeToken(service))
                .put("service", service).put("role", "invoke"));
    }

    private void enroll(ServerRequest req, ServerResponse res) throws Exception {
        JsonNode body = body(req);
        String server = text(body, "server_name").orElseThrow(() -> new ApiException(400, "bad request", "server_name is missing"));
        String token = text(body, "token").orElseThrow(() -> new ApiException(400, "bad request", "token is missing"));
        WorkerConfig config = scheduler.enroll(server, token);
        res.header("Cache-Control", "no-store");
        Responses.json(res, 200, JSON.valueToTree(config));
    }

    private static JsonNode body(ServerRequest req) {
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes(1 << 20);
            if (bytes.length == 0) {
                return JSON.createObjectNode();
            }
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new ApiException(400, "bad request", "the body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new ApiException(400, "bad request", "the body is not valid JSON: " + e.getMessage());
        }
    }

    private static Optional<String> text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? Optional.empty() : Optional.of(v.asText());
    }

    private static int integer(JsonNode body, String field, int fallback) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new ApiException(400, "bad request", field + " must be a whole number, was " + v);
        }
        return v.asInt();
    }

    private static boolean flag(ServerRequest req, String name) {
        return req.query().first(name).map(v -> v.equals("true") || v.equals("1") || v.isEmpty()).orElse(false);
    }

    private static int parseInt(String v, String name) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ApiException(400, "bad request", name + " must be a number, was '" + v + "'");
        }
    }
}
