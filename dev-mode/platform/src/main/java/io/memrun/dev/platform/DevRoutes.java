package io.memrun.dev.platform;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.memrun.runtime.gateway.ApiException;
import io.memrun.runtime.gateway.Responses;
import io.memrun.runtime.json.Json;

/** Dev mode's own routes: killing and restarting local workers. Registered on the gateway by dev mode only. */
public final class DevRoutes implements HttpService {
    private final WorkerControl workers;

    /** Routes that act on {@code workers}. */
    public DevRoutes(WorkerControl workers) {
        this.workers = workers;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/v1/dev/workers/{id}/kill", (req, res) -> control(req, res, true))
                .post("/v1/dev/workers/{id}/restart", (req, res) -> control(req, res, false));
    }

    private void control(ServerRequest req, ServerResponse res, boolean kill) throws Exception {
        String id = req.path().pathParameters().get("id");
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
