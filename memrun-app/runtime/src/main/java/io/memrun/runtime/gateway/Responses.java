package io.memrun.runtime.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.webserver.http.ServerResponse;
import io.memrun.runtime.json.Json;
import io.memrun.runtime.wire.WireReply;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON responses: a document, a worker's reply with its headers, an error. */
public final class Responses {
    private static final ObjectMapper JSON = Json.mapper();
    static final String APPLICATION_JSON = "application/json";

    private Responses() {
    }

    /** Sends {@code body} as JSON with {@code status}. */
    public static void json(ServerResponse res, int status, Object body) {
        try {
            res.status(status);
            res.header("Content-Type", APPLICATION_JSON);
            res.send(JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A worker's reply, with the headers that say who served it, from where, and where the time went. */
    static void reply(ServerResponse res, WireReply reply, double totalMs) {
        res.status(reply.status());
        res.header("Content-Type", APPLICATION_JSON);
        res.header("Memrun-Request-Id", reply.requestId());
        res.header("Memrun-Worker", reply.worker());
        res.header("Memrun-Partition", reply.partition() < 0 ? "unknown" : Integer.toString(reply.partition()));
        res.header("Memrun-Cache", reply.cache());
        res.header("Server-Timing", reply.timing().serverTiming(totalMs));
        res.send(reply.body());
    }

    /** An error document {@code {"error": ..., "detail": ...}} with {@code status}. */
    static void error(ServerResponse res, int status, String error, String detail) {
        res.status(status);
        res.header("Content-Type", APPLICATION_JSON);
        res.send(Json.error(error, detail));
    }
}
