package io.memrun.shell.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the gateway's HTTP API, only to test the shell's HTTP plumbing and formatting
 * (the real gateway lives in memrun-app, which this module must not depend on; the end-to-end
 * test runs there). Service {@code echo} with sticky key {@code user_id:dataset_id} echoes its
 * request; the first request for a key is a miss, later ones hits.
 */
public final class StubGateway implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger invokes = new AtomicInteger();
    private final java.util.Set<String> warm = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public StubGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public int invokes() {
        return invokes.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        if (method.equals("GET") && path.equals("/v1/services")) {
            send(ex, 200, "{\"services\":[{\"name\":\"echo\",\"sticky_key\":\"user_id:dataset_id\",\"partitions\":8,"
                    + "\"memory_bytes\":1073741824,\"disk_bytes\":10737418240,\"max_workers\":2,\"concurrency\":16,"
                    + "\"revision\":3,\"updated_at\":\"2026-11-26T00:00:00Z\"}]}");
        } else if (method.equals("GET") && path.equals("/v1/services/echo/workers")) {
            send(ex, 200, "{\"service\":\"echo\",\"workers\":[{\"id\":\"echo-w0\",\"status\":\"ok\",\"revision\":3,"
                    + "\"host\":\"h\",\"partitions\":[0,1,2,3,6],\"in_flight\":0,\"cache\":{\"hits\":9,\"misses\":1,"
                    + "\"bytesFetched\":2048,\"bytesOnDisk\":1536,\"items\":1,\"evictions\":0,\"memoryHits\":4,"
                    + "\"memoryMisses\":1},\"last_heartbeat\":\"2026-11-26T00:00:00Z\",\"seconds_since_heartbeat\":3.2}]}");
        } else if (method.equals("POST") && path.equals("/v1/services/echo/invoke")) {
            invoke(ex);
        } else if (method.equals("POST") && path.matches("/v1/services/[^/]+/invoke")) {
            send(ex, 404, "{\"error\":\"unknown service\",\"detail\":\"no service named '"
                    + path.split("/")[3] + "'; GET /v1/services lists the deployed ones\"}");
        } else if (method.equals("POST") && path.equals("/v1/dev/workers/echo-w0/kill")) {
            send(ex, 200, "{\"id\":\"echo-w0\",\"status\":\"stopped\"}");
        } else {
            send(ex, 404, "{\"error\":\"not found\",\"detail\":\"no route for " + method + " " + path + "\"}");
        }
    }

    private void invoke(HttpExchange ex) throws IOException {
        invokes.incrementAndGet();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        if (!json.has("dataset_id")) {
            send(ex, 400, "{\"error\":\"missing sticky-key field\",\"detail\":\"request is missing sticky-key field dataset_id"
                    + " (sticky key user_id:dataset_id)\"}");
            return;
        }
        String key = json.path("user_id").asText() + ":" + json.path("dataset_id").asText();
        boolean hit = !warm.add(key);
        ex.getResponseHeaders().add("Memrun-Worker", "echo-w" + (Math.abs(key.hashCode()) % 2));
        ex.getResponseHeaders().add("Memrun-Partition", String.valueOf(Math.abs(key.hashCode()) % 8));
        ex.getResponseHeaders().add("Memrun-Cache", hit ? "hit" : "miss");
        ex.getResponseHeaders().add("Memrun-Request-Id", "req-" + invokes.get());
        ex.getResponseHeaders().add("Server-Timing", hit
                ? "queue;dur=0.500, fetch;dur=0.100, decode;dur=0.000, handler;dur=1.000, total;dur=2.000"
                : "queue;dur=1.000, fetch;dur=40.000, decode;dur=10.000, handler;dur=55.000, total;dur=60.000");
        send(ex, 200, "{\"echo\":" + body + "}");
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
