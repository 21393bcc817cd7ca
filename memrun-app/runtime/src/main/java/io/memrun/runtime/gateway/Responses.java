package io.memrun.runtime.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.memrun.runtime.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writing JSON responses, and the one place exceptions become HTTP errors. */
/** JSON responses and the one place where exceptions become HTTP statuses. */
public final class Responses {
    private static final Logger LOG = LoggerFactory.getLogger(Responses.class);
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
    static void reply(ServerResponse res, ReplyMessage reply, String requestId, double totalMs) {
        res.status(reply.status());
        res.header("Content-Type", APPLICATION_JSON);
        res.header("Memrun-Request-Id", requestId);
        res.header("Memrun-Worker", orUnknown(reply.worker()));
        res.header("Memrun-Partition", orUnknown(reply.partition()));
        res.header("Memrun-Cache", orUnknown(reply.cache()));
        res.header("Server-Timing", reply.timing().serverTiming(totalMs));
        res.send(reply.body());
    }

    private static String orUnknown(String s) {
        return s == null ? "unknown" : s;
    }

    static void apiError(ServerRequest req, ServerResponse res, ApiException e) {
        res.status(e.status());
        res.header("Content-Type", APPLICATION_JSON);
        res.send(Json.error(e.error(), e.detail()));
    }

    static void unexpected(ServerRequest req, ServerResponse res, Exception e) {
        LOG.error("unexpected error on {} {}", req.prologue().method().text(), req.path().path(), e);
        res.status(500);
        res.header("Content-Type", APPLICATION_JSON);
        res.send(Json.error("internal error", e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
}
