package io.memrun.dev.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.runtime.gateway.GatewaySettings;
import io.memrun.runtime.registry.ServiceRegistry;
import io.memrun.runtime.testing.SharedInfra;
import io.memrun.sdk.MemoryService;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTP framing an attacker controls, on a raw socket: refused whole, never a 5xx, never a smuggled request. */
class HostileHttpTest {
    private static final String INVOKE = "/v1/services/hostile-svc/invoke";
    private static final AtomicInteger HANDLED = new AtomicInteger();
    private static LocalPlatform platform;
    private static ServiceRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        MemoryService svc = MemoryService.builder("hostile-svc").maxWorkers(1).disk("1Mi")
                .handler("k", (ctx, req) -> {
                    HANDLED.incrementAndGet();
                    if (req.json().has("path")) {
                        return Map.of("k", req.key(), "size", ctx.getOrFetch(req.text("path")).size());
                    }
                    return Map.of("k", req.key());
                }).build();
        try (io.memrun.runtime.objectstore.ObjectStore s3 = SharedInfra.get().objectStore()) {
            s3.ensureBucket("hostile-data");
            s3.upload(io.memrun.runtime.objectstore.ObjectUri.parse("s3://hostile-data/big.bin"), new byte[2 << 20]);
        }
        registry = ServiceRegistry.inMemory("hostile");
        SharedInfra infra = SharedInfra.get();
        platform = LocalPlatform.start(svc, LocalPlatform.Options.of(1, GatewaySettings.defaults("127.0.0.1", 0)),
                infra.kafka(), infra.storeSettings(), registry, infra.newDir("hostile"));
    }

    @AfterAll
    static void stop() throws Exception {
        platform.close();
        registry.close();
    }

    /** Sends raw bytes and returns everything the server answers until it closes or goes quiet for 3 s. */
    static String raw(int port, String request) {
        return new String(RawHttp.exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), false, 3_000),
                StandardCharsets.ISO_8859_1);
    }

    static int count(String haystack, String regex) {
        Matcher m = Pattern.compile(regex).matcher(haystack);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void oversizedBodyWithConnectionClose_refusedWholeAndTheSmuggledRequestNeverRuns() throws Exception {
        int before = HANDLED.get();
        String smuggled = "POST " + INVOKE + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 10\r\n\r\n{\"k\":\"s\"}\n";
        String pad = "x".repeat(GatewaySettings.DEFAULT_MAX_BODY + 100 - smuggled.length());
        String body = smuggled + pad;
        String answer = raw(platform.httpPort(), "POST " + INVOKE + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nConnection: close\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertEquals(1, count(answer, "HTTP/1\\.1 \\d{3}"), "one answer, the refusal: " + answer);
        Thread.sleep(500);
        assertEquals(before, HANDLED.get(), "the smuggled request must never reach the handler");
    }

    @Test
    void oversizedBodyKeepAlive_refusedAndConnectionClosed() throws Exception {
        String body = "{\"k\":\"" + "x".repeat(GatewaySettings.DEFAULT_MAX_BODY) + "\"}";
        String answer = raw(platform.httpPort(), "POST " + INVOKE + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body
                + "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertEquals(1, count(answer, "HTTP/1\\.1 \\d{3}"), answer);
    }

    @Test
    void illegalCharacterInMethod_is4xxNot5xx() throws Exception {
        String answer = raw(platform.httpPort(), "PO\u0001ST " + INVOKE + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 4"), answer);
        assertFalse(answer.contains("HTTP/1.1 5"), answer);
    }

    /**
     * Chunk extensions ({@code 5;ext=1}) are valid HTTP/1.1, but Helidon 4.5's decoder cannot parse
     * them: the gateway answers a 400 that says so and closes the connection (never a 500, never
     * a second answer). Plain chunked bodies work.
     */
    @Test
    void chunkedBody_plainIsHandled_withExtensionIs400SayingWhy() throws Exception {
        String json = "{\"k\":\"c\"}";
        String plain = raw(platform.httpPort(), "POST " + INVOKE + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\n\r\n");
        assertTrue(plain.startsWith("HTTP/1.1 200"), plain);
        String extended = raw(platform.httpPort(), "POST " + INVOKE + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(json.length()) + ";ext=1\r\n" + json + "\r\n0\r\n\r\n");
        assertTrue(extended.startsWith("HTTP/1.1 400") && extended.contains("chunks without extensions"), extended);
        assertEquals(1, count(extended, "HTTP/1\\.1 \\d{3}"), extended);
    }

    @Test
    void malformedChunkedBody_is400AndTheConnectionCloses() throws Exception {
        long t0 = System.nanoTime();
        String answer = raw(platform.httpPort(), "POST " + INVOKE + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        assertEquals(1, count(answer, "HTTP/1\\.1 \\d{3}"), answer);
        assertTrue((System.nanoTime() - t0) / 1e9 < 2.5, "the connection closes instead of hanging: " + answer);
    }

    @Test
    void start_httpPortTaken_failsAtOnceNamingThePort() throws Exception {
        SharedInfra infra = SharedInfra.get();
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"));
             ServiceRegistry other = ServiceRegistry.inMemory("port-taken")) {
            MemoryService svc = MemoryService.builder("port-taken-svc").handler("k", (ctx, req) -> "x").build();
            long t0 = System.nanoTime();
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> LocalPlatform.start(svc, LocalPlatform.Options.of(1, GatewaySettings.defaults("127.0.0.1", taken.getLocalPort())),
                            infra.kafka(), infra.storeSettings(), other, infra.newDir("port-taken")));
            assertTrue(e.getMessage().contains("HTTP port " + taken.getLocalPort()) && e.getMessage().contains("taken"),
                    e.getMessage());
            assertTrue((System.nanoTime() - t0) / 1e9 < 30, "fails at once");
        }
    }

    private static String post(String host, String origin, String contentType, String path, String body) throws Exception {
        return raw(platform.httpPort(), "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
                + (origin == null ? "" : "Origin: " + origin + "\r\n")
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + "Content-Length: " + body.length() + "\r\n\r\n" + body);
    }

    @Test
    void devApi_foreignHostOriginOrNonJson_isRefusedAndNothingHappens() throws Exception {
        String kill = "/v1/dev/workers/hostile-svc-w0/kill";
        int before = HANDLED.get();
        assertTrue(post("evil.example", null, "application/json", kill, "{}").startsWith("HTTP/1.1 403"), "DNS rebinding");
        assertTrue(post("127.0.0.1", "http://evil.example", "application/json", kill, "{}").startsWith("HTTP/1.1 403"),
                "cross-site");
        assertTrue(post("127.0.0.1", null, "text/plain", kill, "{}").startsWith("HTTP/1.1 415"), "a form or text/plain post");
        assertTrue(post("evil.example", null, "application/json", INVOKE, "{\"k\":\"a\"}").startsWith("HTTP/1.1 403"));
        assertEquals(before, HANDLED.get());

        String ok = post("localhost:" + platform.httpPort(), "http://localhost:3000", "application/json; charset=utf-8",
                INVOKE, "{\"k\":\"a\"}");
        assertTrue(ok.startsWith("HTTP/1.1 200"), "the worker was not killed, and local callers pass: " + ok);
        assertTrue(post("[::1]:" + platform.httpPort(), null, "application/json", INVOKE, "{\"k\":\"b\"}").startsWith("HTTP/1.1 200"));
    }

    @Test
    void badInputThatUsedToBe5xx_isTheRight4xxOr507() throws Exception {
        java.net.http.HttpResponse<String> tiny = io.memrun.runtime.testing.Http.post(platform.httpPort(), INVOKE + "?timeout=1ms",
                "{\"k\":\"t\"}");
        assertEquals(400, tiny.statusCode(), tiny.body());
        assertTrue(tiny.body().contains("between 10ms and 15m"), tiny.body());
        for (String path : new String[] {"s3://hostile-data/a/../big.bin", "s3://hostile-data//big.bin", "s3://hostile-data/./x", "s3://hostile-data/.."}) {
            java.net.http.HttpResponse<String> r = io.memrun.runtime.testing.Http.post(platform.httpPort(), INVOKE,
                    "{\"k\":\"p\",\"path\":\"" + path + "\"}");
            assertEquals(400, r.statusCode(), path + ": " + r.body());
            assertTrue(r.body().contains("segment"), r.body());
        }
        java.net.http.HttpResponse<String> big = io.memrun.runtime.testing.Http.post(platform.httpPort(), INVOKE,
                "{\"k\":\"b\",\"path\":\"s3://hostile-data/big.bin\"}");
        assertEquals(507, big.statusCode(), big.body());
        assertTrue(big.body().contains("larger than the whole cache"), big.body());
    }
}
