package io.memrun.cloud.hetzner;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted Hetzner endpoint on the JDK's HttpServer, the way hcloud-go tests its client: each request is
 * recorded and answered with the next scripted reply, in order. An unscripted request gets a 500 that names
 * it, so a test that sends more than it scripted fails loudly.
 */
final class ScriptedHetzner implements AutoCloseable {

    static final String TOKEN = "hc-test-token-4f9d2a7c1b";

    /** One request as the server saw it; query values and headers decoded. */
    record Recorded(String method, String path, Map<String, List<String>> query, Map<String, List<String>> headers,
                    String body) {

        String param(String name) {
            List<String> values = query.getOrDefault(name, List.of());
            if (values.size() != 1) {
                throw new AssertionError("expected one " + name + " in the query, got " + values);
            }
            return values.getFirst();
        }

        List<String> params(String name) {
            return query.getOrDefault(name, List.of());
        }

        String header(String name) {
            List<String> values = headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
            return values.isEmpty() ? null : values.getFirst();
        }
    }

    private record Reply(int status, String body, Map<String, String> headers) {
    }

    private final HttpServer server;
    private final String basePath;
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();

    private ScriptedHetzner(String basePath) throws IOException {
        this.basePath = basePath;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A server whose API lives under {@code /v1}, like Hetzner's. */
    static ScriptedHetzner start() throws IOException {
        return start("/v1");
    }

    static ScriptedHetzner start(String basePath) throws IOException {
        return new ScriptedHetzner(basePath);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + basePath);
    }

    /** A client of this server with the test token, waiting on {@code sleeper}. */
    HetznerCloud client(Sleeper sleeper, RetryPolicy retry) {
        return HetznerCloud.create(HetznerSettings.of(TOKEN).withEndpoint(endpoint()).withRetry(retry), sleeper);
    }

    /** Queues a reply; {@code headers} are name/value pairs. JSON content type unless a header says otherwise. */
    ScriptedHetzner reply(int status, String body, String... headers) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], headers[i + 1]);
        }
        script.add(new Reply(status, body, map));
        return this;
    }

    List<Recorded> requests() {
        return List.copyOf(requests);
    }

    Recorded request(int index) {
        return requests.get(index);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            URI uri = exchange.getRequestURI();
            requests.add(new Recorded(exchange.getRequestMethod(), uri.getRawPath(), query(uri.getRawQuery()), headers,
                    body));
            Reply reply = script.poll();
            if (reply == null) {
                reply = new Reply(500, HetznerJson.error("unscripted_request",
                        "no reply scripted for " + exchange.getRequestMethod() + " " + uri), Map.of());
            }
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        }
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }
}
