package io.memrun.shell.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The gateway's HTTP API as the shell uses it. Transport failures become an {@link IOException}
 * whose message says what to check; HTTP errors become a {@link GatewayException}; both are one line.
 */
public final class GatewayClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long control-plane calls (lists, info) may take; they are cheap, so a stall means trouble. */
    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final HttpClient http;

    public GatewayClient(URI base) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        // HTTP/1.1: no h2c upgrade round trip, and bench concurrency maps to connections as users expect.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(3)).build();
    }

    /** The gateway's base URL. */
    public URI base() {
        return base;
    }

    /**
     * Invokes a service synchronously. HTTP errors are returned, not thrown, so that {@code bench}
     * can count them; see {@link InvokeResult#ok()}.
     *
     * @param deadline the platform's deadline for the reply ({@code ?timeout=}); the HTTP call waits 5 s longer
     */
    public InvokeResult invoke(String service, byte[] body, Duration deadline) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(uri("/v1/services/" + segment(service) + "/invoke?timeout="
                        + deadline.toMillis() + "ms"))
                .timeout(deadline.plusSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        long t0 = System.nanoTime();
        HttpResponse<String> r = send(req);
        double clientMs = (System.nanoTime() - t0) / 1e6;
        var h = r.headers();
        return new InvokeResult(r.statusCode(), r.body(), h.firstValue("Memrun-Worker").orElse("-"),
                h.firstValue("Memrun-Partition").orElse("-"), h.firstValue("Memrun-Cache").orElse("-"),
                h.firstValue("Memrun-Request-Id").orElse("-"),
                ServerTiming.parse(h.firstValue("Server-Timing").orElse(null)), clientMs);
    }

    /** {@code GET /v1/services}. */
    public List<ServiceInfo> services() throws IOException, InterruptedException {
        return services(CONTROL_TIMEOUT);
    }

    /** {@code GET /v1/services}, waiting at most {@code timeout} (tab completion must not hang the line). */
    public List<ServiceInfo> services(Duration timeout) throws IOException, InterruptedException {
        List<ServiceInfo> list = new ArrayList<>();
        getJson("/v1/services", timeout).path("services").forEach(n -> list.add(ServiceInfo.of(n)));
        return list;
    }

    /** {@code GET /v1/services/{name}/workers}. */
    public List<WorkerInfo> workers(String service) throws IOException, InterruptedException {
        List<WorkerInfo> list = new ArrayList<>();
        getJson("/v1/services/" + segment(service) + "/workers").path("workers").forEach(n -> list.add(WorkerInfo.of(n)));
        return list;
    }

    /** {@code GET /v1/info}; empty when the gateway predates it (404). */
    public Optional<PlatformInfo> info() throws IOException, InterruptedException {
        try {
            return Optional.of(PlatformInfo.of(getJson("/v1/info")));
        } catch (GatewayException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * {@code POST /v1/dev/workers/{id}/{action}} ({@code kill} or {@code restart}), dev mode only.
     *
     * @return the worker's status afterwards
     */
    public String devWorker(String workerId, String action) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(uri("/v1/dev/workers/" + segment(workerId) + "/" + action))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        HttpResponse<String> r = send(req);
        if (r.statusCode() >= 400) {
            throw GatewayException.fromResponse(r.statusCode(), r.body());
        }
        return JSON.readTree(r.body()).path("status").asText("?");
    }

    private JsonNode getJson(String path) throws IOException, InterruptedException {
        return getJson(path, CONTROL_TIMEOUT);
    }

    private JsonNode getJson(String path, Duration timeout) throws IOException, InterruptedException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path)).timeout(timeout).GET().build());
        if (r.statusCode() >= 400) {
            throw GatewayException.fromResponse(r.statusCode(), r.body());
        }
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> send(HttpRequest req) throws IOException, InterruptedException {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new IOException("cannot reach memrun at " + base + " (" + reason(e)
                    + "); is `memrun dev` running? (memrun shell --url sets the address)", e);
        } catch (HttpTimeoutException e) {
            throw new IOException("no answer from " + base + " within " + req.timeout().map(Duration::toString).orElse("?")
                    .replace("PT", "").toLowerCase() + " for " + req.method() + " " + req.uri().getPath(), e);
        }
    }

    private static String reason(IOException e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? "connection refused" : t.getMessage().toLowerCase();
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
