package io.memrun.app.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.memrun.app.json.Json;

/** {@code GET /v1/info} and, in dev mode, killing and restarting local workers. */
final class DevRoutes {
    private final PlatformInfo info;
    private final WorkerControl workers;

    DevRoutes(PlatformInfo info, WorkerControl workers) {
        this.info = info;
        this.workers = workers;
    }

    void register(HttpRouting.Builder routing) {
        routing.get("/v1/info", this::info)
                .post("/v1/dev/workers/{id}/kill", (req, res) -> control(req, res, true))
                .post("/v1/dev/workers/{id}/restart", (req, res) -> control(req, res, false));
    }

    private void info(ServerRequest req, ServerResponse res) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("version", info.version());
        n.put("mode", info.mode());
        n.putObject("object_store").put("endpoint", info.objectStore().toString()).put("region", info.region());
        n.putObject("kafka").put("bootstrap", info.bootstrapServers());
        Responses.json(res, 200, n);
    }

    private void control(ServerRequest req, ServerResponse res, boolean kill) throws Exception {
        String id = req.path().pathParameters().get("id");
        if (!workers.available()) {
            throw new ApiException(404, "not in dev mode", "killing and restarting workers is only possible under memrun dev");
        }
        if (!workers.ids().contains(id)) {
            throw new ApiException(404, "unknown worker", "no local worker '" + id + "'; the local workers are " + workers.ids());
        }
        if (kill) {
            workers.kill(id);
        } else {
            workers.restart(id);
        }
        Responses.json(res, 200, Json.mapper().createObjectNode().put("id", id).put("status", kill ? "killed" : "running"));
    }
}
