package io.memrun.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.WebServer;
import io.memrun.dev.platform.LocalPlatform;
import io.memrun.runtime.gateway.GatewaySettings;
import io.memrun.runtime.json.Json;
import io.memrun.runtime.registry.ServiceRegistry;
import io.memrun.sdk.Handler;
import io.memrun.sdk.MemoryService;
import io.memrun.sdk.Request;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Experiment 2, the request path: an empty handler, warm, at 1, 16 and 64 concurrent clients,
 * through gateway → Kafka → worker → Kafka → gateway; beside it the same handler called in-process,
 * a plain Helidon echo endpoint on the same machine, and (at one client) Kafka's own two hops with
 * nothing of memrun between them ({@link KafkaFloor}), so each layer's overhead is visible. Both
 * HTTP paths are warmed first (16 clients), so no phase measures interpreted code. Each row also
 * carries the CPU spent per request ({@link CpuMeter}) and, for memrun, the Server-Timing split
 * into the request hop (queue) and the time the gateway held the request.
 */
final class RequestPathBench {
    private static final String BODY = "{\"user_id\":\"u1\",\"dataset_id\":\"d1\"}";
    /** The row of Kafka's own two hops. */
    static final String FLOOR = "raw Kafka (two hops)";
    private static final Handler EMPTY = (ctx, req) -> Map.of("ok", true);

    /**
     * One measured row.
     *
     * @param cpuUsPerRequest CPU of the whole JVM per request (clients, broker and memrun), microseconds
     * @param memrunCpuUsPerRequest CPU of memrun's own threads (and, for the echo, Helidon's) per request
     * @param brokerCpuUsPerRequest CPU of the embedded broker per request
     * @param queueP50 memrun only: median time from the gateway's send to the worker taking the
     *     request (Server-Timing {@code queue}), the request hop through Kafka
     * @param gatewayP50 memrun only: median time the gateway held the request (Server-Timing
     *     {@code total}); minus queue and handler, it is the reply hop through Kafka
     */
    record Row(String path, int clients, double p50, double p99, double p999, double rps, long errors,
               double cpuUsPerRequest, double memrunCpuUsPerRequest, double brokerCpuUsPerRequest, double queueP50,
               double gatewayP50) {
    }

    private RequestPathBench() {
    }

    static List<Row> run(BenchInfra infra, int perClient1, PrintWriter out) throws Exception {
        List<Row> rows = new ArrayList<>();
        MemoryService svc = MemoryService.builder("bench-empty").maxWorkers(1).concurrency(64)
                .handler("user_id:dataset_id", EMPTY).build();
        WebServer echo = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .routing(r -> r.post("/echo", (req, res) -> {
                    byte[] body = req.content().as(byte[].class);
                    res.header("Content-Type", "application/json");
                    res.send(body);
                }))
                .build().start();
        try (ServiceRegistry registry = ServiceRegistry.inMemory("bench-" + System.nanoTime());
             LocalPlatform platform = LocalPlatform.start(svc, LocalPlatform.Options.of(1,
                        GatewaySettings.defaults("127.0.0.1", 0)), infra.kafka(), infra.store(),
                registry, infra.dir().resolve("platform"))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            URI invoke = URI.create("http://127.0.0.1:" + platform.httpPort() + "/v1/services/bench-empty/invoke");
            URI echoUri = URI.create("http://127.0.0.1:" + echo.port() + "/echo");
            // Warm the JIT on both HTTP paths first: otherwise the first phase (one client) would
            // measure partly interpreted code and look slower than it is.
            int warmAll = Math.max(50, perClient1 / 8);
            ClosedLoop.run(16, 0, warmAll, (c, i) -> post(http, echoUri));
            ClosedLoop.run(16, 0, warmAll, (c, i) -> post(http, invoke));
            try (KafkaFloor floor = KafkaFloor.start(infra.kafka(), "bench-floor-" + System.nanoTime())) {
                byte[] body = BODY.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                rows.add(row(FLOOR, 1, ClosedLoop.run(1, perClient1, Math.max(100, perClient1 / 5),
                        (c, i) -> floor.roundTrip(body))));
            }
            for (int clients : new int[] {1, 16, 64}) {
                int per = Math.max(50, perClient1 / clients * (clients == 1 ? 1 : 4));
                int warm = Math.max(20, per / 5);
                rows.add(row("in-process handler", clients, ClosedLoop.run(clients, per * 10, warm * 10,
                        (c, i) -> inProcess())));
                rows.add(row("HTTP echo (Helidon)", clients, ClosedLoop.run(clients, per, warm,
                        (c, i) -> post(http, echoUri))));
                ConcurrentLinkedQueue<Map<String, Double>> timings = new ConcurrentLinkedQueue<>();
                ClosedLoop.Result r = ClosedLoop.run(clients, per, warm, (c, i) -> timings.add(post(http, invoke)));
                rows.add(row("memrun invoke", clients, r, median(timings, "queue"), median(timings, "total")));
                out.printf(Locale.ROOT, "  ... %d client(s) done%n", clients);
                out.flush();
            }
        } finally {
            echo.stop();
        }
        return rows;
    }

    private static void inProcess() throws Exception {
        JsonNode node = Json.mapper().readTree(BODY);
        Object result = EMPTY.handle(null, new Request((ObjectNode) node, "u1:d1"));
        Json.mapper().writeValueAsBytes(result);
    }

    /** The median of one Server-Timing phase (over warm-up and measured requests alike). */
    private static double median(ConcurrentLinkedQueue<Map<String, Double>> timings, String phase) {
        return Samples.median(timings.stream().filter(t -> t.containsKey(phase)).map(t -> t.get(phase)).toList());
    }

    /** Posts the body; returns the reply's Server-Timing phases (empty for the echo). */
    private static Map<String, Double> post(HttpClient http, URI uri) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(BODY))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + r.statusCode());
        }
        return Invocation.parseServerTiming(r.headers().firstValue("Server-Timing").orElse(null));
    }

    private static Row row(String path, int clients, ClosedLoop.Result r) {
        return row(path, clients, r, Double.NaN, Double.NaN);
    }

    private static Row row(String path, int clients, ClosedLoop.Result r, double queue, double gateway) {
        return new Row(path, clients, r.latency().ms(0.5), r.latency().ms(0.99), r.latency().ms(0.999), r.rps(), r.errors(),
                r.cpuMicrosPerRequest(r.cpu().totalNanos()), r.cpuMicrosPerRequest(r.cpu().memrunNanos()),
                r.cpuMicrosPerRequest(r.cpu().brokerNanos()), queue, gateway);
    }
}
