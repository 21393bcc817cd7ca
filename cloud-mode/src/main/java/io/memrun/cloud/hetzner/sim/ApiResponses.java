package io.memrun.cloud.hetzner.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.memrun.runtime.json.Json;

/** JSON in and out: request bodies read strictly, documents and Hetzner error documents written. */
final class ApiResponses {
    /** User-data is at most 32 KiB; no request the sim takes comes near this. */
    static final int MAX_BODY = 1 << 20;
    private static final ObjectMapper OUT = Json.mapper();
    private static final ObjectMapper IN = Json.strict(MAX_BODY);

    private ApiResponses() {
    }

    static void json(ServerResponse res, int status, JsonNode body) {
        res.status(status);
        res.header("Content-Type", "application/json");
        try {
            res.send(OUT.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void error(ServerResponse res, HetznerError e) {
        ObjectNode body = OUT.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", e.code());
        error.put("message", e.getMessage());
        error.set("details", e.details());
        json(res, e.status(), body);
    }

    /** The request's JSON object; an empty body is an empty object. Anything else is a 400 {@code json_error}. */
    static ObjectNode body(ServerRequest req) {
        if (!req.content().hasEntity()) {
            return OUT.createObjectNode();
        }
        byte[] bytes;
        try {
            bytes = req.content().as(byte[].class);
        } catch (RuntimeException e) {
            throw HetznerError.jsonError("cannot read the request body: " + e.getMessage());
        }
        if (bytes.length == 0) {
            return OUT.createObjectNode();
        }
        if (bytes.length > MAX_BODY) {
            throw HetznerError.jsonError("request body larger than " + MAX_BODY + " bytes");
        }
        JsonNode node;
        try {
            node = IN.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw HetznerError.jsonError("request body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw HetznerError.jsonError("cannot read the request body: " + e.getMessage());
        }
        if (!(node instanceof ObjectNode o)) {
            throw HetznerError.jsonError("request body must be a JSON object");
        }
        return o;
    }
}
