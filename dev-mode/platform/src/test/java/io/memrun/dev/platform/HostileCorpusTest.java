package io.memrun.dev.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.runtime.gateway.GatewaySettings;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.runtime.registry.ServiceRegistry;
import io.memrun.runtime.testing.Http;
import io.memrun.runtime.testing.SharedInfra;
import io.memrun.sdk.MemoryService;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A fixed-seed corpus of hostile requests against a running {@code memrun dev} platform, each on
 * its own raw socket: HTTP framing (methods, paths, headers, lengths, chunking), JSON bodies
 * (nesting, sizes, types, unicode, invalid bytes) and object paths (traversal, encodings, other
 * buckets). No case may get a 5xx, every case must get an answer, and the stack must be healthy
 * afterwards.
 */
class HostileCorpusTest {
    private static final long SEED = 13;
    private static final String INVOKE = "/v1/services/corpus-svc/invoke";

    /**
     * One request: a label for failure messages and the raw bytes.
     *
     * @param notHttp bytes that are no HTTP request at all (nothing, a TLS hello): closing the
     *     connection without an answer is right for them
     */
    record Case(String label, byte[] bytes, boolean notHttp) {
        Case(String label, byte[] bytes) {
            this(label, bytes, false);
        }
    }

    @Test
    void corpus_over2000HostileRequests_noneGetsA5xxAndTheStackStaysHealthy() throws Exception {
        SharedInfra infra = SharedInfra.get();
        try (ObjectStore s3 = infra.objectStore()) {
            s3.ensureBucket("corpus-data");
            s3.upload(ObjectUri.parse("s3://corpus-data/ok.bin"), new byte[1024]);
        }
        MemoryService svc = MemoryService.builder("corpus-svc").maxWorkers(1).concurrency(16)
                .handler("user_id:dataset_id", (ctx, req) -> {
                    if (req.json().has("s3_path")) {
                        return Map.of("size", ctx.getOrFetch(req.text("s3_path")).size());
                    }
                    return Map.of("key", req.key());
                }).build();
        List<Case> corpus = corpus(new Random(SEED));
        assertTrue(corpus.size() >= 2000, "corpus has " + corpus.size() + " cases");
        try (ServiceRegistry registry = ServiceRegistry.inMemory("corpus");
             LocalPlatform p = LocalPlatform.start(svc, LocalPlatform.Options.of(1, GatewaySettings.defaults("127.0.0.1", 0)),
                     infra.kafka(), infra.storeSettings(), registry, infra.newDir("corpus"))) {
            Map<String, Integer> byStatus = new TreeMap<>();
            List<String> failures = new ArrayList<>();
            AtomicInteger done = new AtomicInteger();
            long t0 = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (Case c : corpus) {
                    futures.add(pool.submit(() -> {
                        String status = statusOf(RawHttp.exchange(p.httpPort(), c.bytes(), true, 10_000));
                        synchronized (byStatus) {
                            byStatus.merge(status, 1, Integer::sum);
                            if (status.equals("none") && !c.notHttp() || status.startsWith("5")) {
                                failures.add(status + " for " + c.label());
                            }
                        }
                        done.incrementAndGet();
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("hostile corpus (seed %d): %d cases in %.1f s, by status %s%n", SEED, corpus.size(), seconds, byStatus);
            assertEquals(List.of(), failures.stream().limit(20).toList(), failures.size() + " cases failed; by status " + byStatus);
            assertEquals(200, Http.get(p.httpPort(), "/health").statusCode(), "healthy afterwards");
            assertEquals(200, Http.post(p.httpPort(), INVOKE, "{\"user_id\":\"u\",\"dataset_id\":\"d\",\"s3_path\":\"s3://corpus-data/ok.bin\"}")
                    .statusCode(), "still serving afterwards");
        }
    }

    private static String statusOf(byte[] answer) {
        String head = new String(answer, 0, Math.min(answer.length, 16), StandardCharsets.ISO_8859_1);
        return head.startsWith("HTTP/1.1 ") && head.length() >= 12 ? head.substring(9, 12) : "none";
    }

    // ---- the corpus ----

    static List<Case> corpus(Random r) {
        List<Case> cases = new ArrayList<>();
        framing(r, cases);
        for (int i = 0; i < 1100; i++) {
            String body = jsonBody(r);
            cases.add(post("json#" + i, INVOKE, "application/json", body.getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < 200; i++) {
            byte[] body = invalidUtf8(r);
            cases.add(post("bytes#" + i, INVOKE, "application/json", body));
        }
        for (int i = 0; i < 500; i++) {
            String path = objectPath(r);
            String body = "{\"user_id\":\"u\",\"dataset_id\":\"d\",\"s3_path\":" + jsonString(path) + "}";
            cases.add(post("path#" + i + " " + path, INVOKE, "application/json", body.getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < 200; i++) {
            cases.add(raw("url#" + i, "POST " + urlPath(r) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2\r\nConnection: close\r\n\r\n{}"));
        }
        return cases;
    }

    private static Case post(String label, String path, String contentType, byte[] body) {
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return new Case(label, all);
    }

    private static Case raw(String label, String request) {
        return new Case(label, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** HTTP framing: methods, versions, headers, lengths, chunking, smuggling shapes. */
    private static void framing(Random r, List<Case> cases) {
        String ok = "{\"user_id\":\"u\",\"dataset_id\":\"d\"}";
        String[] methods = {"GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "CONNECT", "post", "P\u0001ST",
                "PO ST", "", "X".repeat(300), "G\u00e9T", "POST\t"};
        for (String m : methods) {
            cases.add(raw("method " + m, m + " " + INVOKE + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                    + ok.length() + "\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n" + ok));
        }
        String[] versions = {"HTTP/1.0", "HTTP/2.0", "HTTP/0.9", "HTTP/1.1 extra", "HTTPS/1.1", "http/1.1", ""};
        for (String v : versions) {
            cases.add(raw("version " + v, "POST " + INVOKE + " " + v + "\r\nHost: 127.0.0.1\r\nContent-Length: "
                    + ok.length() + "\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n" + ok));
        }
        String[] lengths = {"-1", "abc", "1e3", "99999999999999999999", " 10", "10, 10", "0x10", "", "+5"};
        for (String l : lengths) {
            cases.add(raw("content-length " + l, "POST " + INVOKE + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + l
                    + "\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n" + ok));
        }
        cases.add(raw("two content-lengths", "POST " + INVOKE + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n"
                + "Content-Length: " + ok.length() + "\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n" + ok));
        cases.add(raw("cl and te", "POST " + INVOKE + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4\r\n"
                + "Transfer-Encoding: chunked\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"
                + Integer.toHexString(ok.length()) + "\r\n" + ok + "\r\n0\r\n\r\n"));
        String[] chunkSizes = {"zz", "-1", "FFFFFFFFFFFFFFFF", "1;ext", "5 ;x=y", "", "0x5", "1\u0000"};
        for (String c : chunkSizes) {
            cases.add(raw("chunk size " + c, "POST " + INVOKE + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                    + "Content-Type: application/json\r\nConnection: close\r\n\r\n" + c + "\r\n{}\r\n0\r\n\r\n"));
        }
        String[] encodings = {"gzip", "chunked, gzip", "identity", "chunked\u0000", "CHUNKED", "x"};
        for (String te : encodings) {
            cases.add(raw("transfer-encoding " + te, "POST " + INVOKE + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: " + te
                    + "\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n"));
        }
        for (int i = 0; i < 60; i++) {
            StringBuilder headers = new StringBuilder();
            int n = 1 + r.nextInt(40);
            for (int h = 0; h < n; h++) {
                headers.append(randomToken(r, 1 + r.nextInt(20))).append(r.nextInt(10) == 0 ? " : " : ": ")
                        .append(randomText(r, r.nextInt(200))).append("\r\n");
            }
            cases.add(raw("headers#" + i, "POST " + INVOKE + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers
                    + "Content-Length: " + ok.length() + "\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n" + ok));
        }
        cases.add(raw("huge header", "POST " + INVOKE + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(70_000)
                + "\r\nContent-Length: " + ok.length() + "\r\nConnection: close\r\n\r\n" + ok));
        cases.add(raw("no host", "POST " + INVOKE + " HTTP/1.1\r\nContent-Length: " + ok.length()
                + "\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n" + ok));
        cases.add(raw("lf only", "POST " + INVOKE + " HTTP/1.1\nHost: 127.0.0.1\nContent-Length: " + ok.length()
                + "\nContent-Type: application/json\nConnection: close\n\n" + ok));
        cases.add(new Case("tls hello", "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003"
                .getBytes(StandardCharsets.ISO_8859_1), true));
        cases.add(new Case("nothing", new byte[0], true));
        String big = "{\"user_id\":\"u\",\"dataset_id\":\"d\",\"pad\":\"" + "x".repeat(GatewaySettings.DEFAULT_MAX_BODY) + "\"}";
        cases.add(raw("smuggle after 413", "POST " + INVOKE + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + big.length()
                + "\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n" + big
                + "POST /v1/dev/workers/corpus-svc-w0/kill HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2\r\n\r\n{}"));
    }

    private static String jsonBody(Random r) {
        switch (r.nextInt(12)) {
            case 0: {
                int depth = 1 + r.nextInt(3000);
                return "[".repeat(depth) + "]".repeat(depth);
            }
            case 1: {
                int depth = 1 + r.nextInt(3000);
                return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            }
            case 2:
                return "{\"user_id\":" + randomJsonValue(r, 3) + ",\"dataset_id\":" + randomJsonValue(r, 3) + "}";
            case 3:
                return "{\"user_id\":\"u\",\"user_id\":\"v\",\"dataset_id\":\"d\"}";
            case 4:
                return "{\"user_id\":\"u\",\"dataset_id\":\"d\"}" + randomText(r, 1 + r.nextInt(20));
            case 5:
                return "{\"user_id\":" + jsonString(randomUnicode(r, r.nextInt(400))) + ",\"dataset_id\":\"d\"}";
            case 6:
                return "{\"user_id\":\"u\",\"dataset_id\":\"d\",\"n\":" + "9".repeat(1 + r.nextInt(5000)) + "}";
            case 7:
                return "{\"user_id\":\"\\ud800\",\"dataset_id\":\"\\u0000\"}";
            case 8:
                return randomText(r, r.nextInt(300));
            case 9:
                return "";
            case 10:
                return "{\"user_id\":\"u\",\"dataset_id\":\"d\",\"s3_path\":" + randomJsonValue(r, 2) + "}";
            default:
                return randomJsonValue(r, 4);
        }
    }

    private static String randomJsonValue(Random r, int depth) {
        int kind = depth <= 0 ? r.nextInt(5) : r.nextInt(7);
        switch (kind) {
            case 0:
                return "null";
            case 1:
                return r.nextBoolean() ? "true" : "false";
            case 2:
                return r.nextBoolean() ? Long.toString(r.nextLong()) : Double.toString(r.nextGaussian() * 1e300);
            case 3:
                return jsonString(randomUnicode(r, r.nextInt(40)));
            case 4:
                return "\"" + "\\u00" + Integer.toHexString(r.nextInt(32)) + "\"";
            case 5: {
                StringBuilder sb = new StringBuilder("[");
                for (int i = r.nextInt(5); i > 0; i--) {
                    sb.append(randomJsonValue(r, depth - 1)).append(i > 1 ? "," : "");
                }
                return sb.append(']').toString();
            }
            default: {
                StringBuilder sb = new StringBuilder("{");
                for (int i = r.nextInt(5); i > 0; i--) {
                    sb.append(jsonString(randomUnicode(r, 1 + r.nextInt(8)))).append(':').append(randomJsonValue(r, depth - 1))
                            .append(i > 1 ? "," : "");
                }
                return sb.append('}').toString();
            }
        }
    }

    private static byte[] invalidUtf8(Random r) {
        byte[] prefix = "{\"user_id\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\",\"dataset_id\":\"d\"}".getBytes(StandardCharsets.UTF_8);
        byte[] middle = new byte[1 + r.nextInt(64)];
        r.nextBytes(middle);
        byte[] all = new byte[prefix.length + middle.length + suffix.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(middle, 0, all, prefix.length, middle.length);
        System.arraycopy(suffix, 0, all, prefix.length + middle.length, suffix.length);
        return all;
    }

    private static String objectPath(Random r) {
        String[] shapes = {"s3://corpus-data/../etc/passwd", "s3://corpus-data/%2e%2e/%2e%2e/x", "s3://corpus-data//ok.bin",
            "s3://corpus-data/./ok.bin", "s3://other-bucket/ok.bin", "s3://../x", "s3://corpus-data", "s3://corpus-data/",
            "s3:///ok.bin", "http://corpus-data/ok.bin", "file:///etc/passwd", "/etc/passwd", "s3://UPPER/x",
            "s3://corpus-data/ok.bin?versionId=1", "s3://corpus-data/ok.bin#x", "s3://corpus-data/" + "a/".repeat(600),
            "s3://corpus-data/\u0000", "s3://corpus-data/\u202e", "s3://xn--80ak6aa92e.com/x", "s3://corpus-data/ok.bin"};
        if (r.nextInt(3) > 0) {
            return shapes[r.nextInt(shapes.length)];
        }
        return "s3://" + randomToken(r, 1 + r.nextInt(70)).toLowerCase(java.util.Locale.ROOT) + "/" + randomUnicode(r, r.nextInt(100));
    }

    private static String urlPath(Random r) {
        String[] paths = {"/v1/services/corpus-svc/../../v1/dev/workers/corpus-svc-w0/kill", "/v1/services/%2e%2e/invoke",
            "/v1/services/corpus-svc%2Finvoke", "//v1/services/corpus-svc/invoke", "/v1/services/corpus-svc/invoke?timeout=-1",
            "/v1/services/corpus-svc/invoke?timeout=99999h", "/v1/services/corpus-svc/invoke?timeout=%00",
            "/v1/services/" + "x".repeat(5000) + "/invoke", "*", "http://evil.example/v1/services/corpus-svc/invoke",
            "/v1/requests/../../health", "/v1/services/corpus-svc/invoke;jsessionid=1", "/%", "/%zz", "/\u00ff"};
        if (r.nextInt(2) == 0) {
            return paths[r.nextInt(paths.length)];
        }
        StringBuilder sb = new StringBuilder("/v1/");
        for (int i = r.nextInt(6); i >= 0; i--) {
            sb.append(randomToken(r, 1 + r.nextInt(12))).append('/');
        }
        return sb.toString();
    }

    private static String randomToken(Random r, int n) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~%";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static String randomText(Random r, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append((char) (32 + r.nextInt(95)));
        }
        return sb.toString();
    }

    private static String randomUnicode(Random r, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int cp = switch (r.nextInt(4)) {
                case 0 -> 32 + r.nextInt(95);
                case 1 -> r.nextInt(32);
                case 2 -> 0x80 + r.nextInt(0x7ff);
                default -> 0x1F300 + r.nextInt(0x300);
            };
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    private static String jsonString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 32) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
