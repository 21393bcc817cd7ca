package io.memrun.runtime.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.memrun.runtime.json.Json;

/** {@code GET /v1/info}: which version and mode this is, and where its broker and store are (never a credential). */
final class InfoRoutes implements HttpService {
    private final PlatformInfo info;

    InfoRoutes(PlatformInfo info) {
        this.info = info;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/v1/info", this::info);
    }

    private void info(ServerRequest req, ServerResponse res) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("version", info.version());
        n.put("mode", info.mode());
        n.putObject("object_store").put("endpoint", info.objectStore().toString()).put("region", info.region());
        n.putObject("kafka").put("bootstrap", info.bootstrapServers());
        new java.util.TreeMap<>(info.more()).forEach(n::put);
        Responses.json(res, 200, n);
    }
}
