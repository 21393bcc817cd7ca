package io.memrun.dev.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.runtime.gateway.GatewaySettings;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.runtime.registry.ServiceRegistry;
import io.memrun.runtime.service.ServiceArtifacts;
import io.memrun.runtime.testing.Http;
import io.memrun.runtime.testing.SharedInfra;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A structure a handler keeps with {@code CachedObject.decoded} survives what empties the memory
 * tier: after a hot reload and after the platform restarts on the same cache directories, it is
 * read back from the worker's disk instead of decoded again. The handler reports where its
 * structure came from.
 */
class DecodedStateTest {
    private static final String SOURCE = """
            package dec;

            import io.memrun.sdk.CachedObject;
            import io.memrun.sdk.DecodedForm;
            import io.memrun.sdk.MemoryService;
            import java.io.DataOutputStream;
            import java.io.OutputStream;
            import java.nio.ByteBuffer;
            import java.nio.file.Files;
            import java.util.Map;

            public class Summer {
                record Sum(long total, String origin) {}

                static final DecodedForm<Sum> FORM = new DecodedForm<>() {
                    public String name() { return "sum-v1"; }
                    public Sum decode(CachedObject o) throws Exception {
                        long t = 0;
                        for (byte b : Files.readAllBytes(o.path())) t += b;
                        return new Sum(t, "decoded");
                    }
                    public void write(Sum s, OutputStream out) throws java.io.IOException {
                        new DataOutputStream(out).writeLong(s.total());
                    }
                    public Sum read(ByteBuffer saved) { return new Sum(saved.getLong(), "disk"); }
                };

                public static void main(String[] args) {
                    MemoryService.builder("decoded-svc")
                            .handler("k", (ctx, req) -> {
                                CachedObject file = ctx.getOrFetch(req.text("path"));
                                Sum s = ctx.shared().getOrCompute("sum:" + file.uri(), () -> file.decoded(FORM));
                                return Map.of("total", s.total(), "origin", s.origin(), "label", "v1");
                            }).build()
                            .deploy();
                }
            }
            """;

    @Test
    void theStructure_isReadBackAfterAHotReloadAndAfterARestart() throws Exception {
        SharedInfra infra = SharedInfra.get();
        byte[] data = new byte[100_000];
        long sum = 0;
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i % 7);
            sum += data[i];
        }
        String total = "\"total\":" + sum;
        try (ObjectStore s3 = infra.objectStore()) {
            s3.ensureBucket("decoded-data");
            s3.upload(ObjectUri.parse("s3://decoded-data/x.bin"), data);
        }
        Path src = infra.newDir("decoded-src");
        Path file = Files.createDirectories(src.resolve("dec")).resolve("Summer.java");
        Files.writeString(file, SOURCE);
        Path build = infra.newDir("decoded-build");
        Path platformDir = infra.newDir("decoded");
        StringWriter log = new StringWriter();
        try (ServiceRegistry registry = ServiceRegistry.inMemory("decoded-1");
             LocalPlatform p = start(ServiceArtifacts.load(src, build.resolve("gen-0")).get(0), registry, platformDir);
             HotReloader reloader = HotReloader.start(src, build, p, registry, new PrintWriter(log, true))) {
            assertEquals("decoded", origin(send(p)), "the first request decodes");
            assertEquals("decoded", origin(send(p)), "the second finds the structure in memory");
            assertTrue(send(p).body().contains(total));

            Files.writeString(file, SOURCE.replace("\"v1\"", "\"v2\""));
            HttpResponse<String> reloaded = await(p, "\"v2\"", Duration.ofSeconds(10));
            assertEquals("disk", origin(reloaded), "after the reload the memory tier is empty: read back, not decoded");
        }
        // The platform again, on the same directories: the worker's cache recovers the object and its structure.
        try (ServiceRegistry registry = ServiceRegistry.inMemory("decoded-2");
             LocalPlatform p = start(ServiceArtifacts.load(src, build.resolve("gen-9")).get(0), registry, platformDir)) {
            HttpResponse<String> r = send(p);
            assertEquals("hit", r.headers().firstValue("Memrun-Cache").orElseThrow(), r.body());
            assertEquals("disk", origin(r), "after a restart: read back, not decoded");
            assertTrue(r.body().contains(total), r.body());
        }
    }

    private static LocalPlatform start(io.memrun.sdk.MemoryService svc, ServiceRegistry registry, Path dir) throws Exception {
        SharedInfra infra = SharedInfra.get();
        return LocalPlatform.start(svc, LocalPlatform.Options.of(1, GatewaySettings.defaults("127.0.0.1", 0)), infra.kafka(),
                infra.storeSettings(), registry, dir);
    }

    private static String origin(HttpResponse<String> r) {
        String body = r.body();
        int at = body.indexOf("\"origin\":\"");
        assertTrue(at >= 0, body);
        return body.substring(at + 10, body.indexOf('"', at + 10));
    }

    private static HttpResponse<String> send(LocalPlatform p) throws Exception {
        HttpResponse<String> r = Http.post(p.httpPort(), "/v1/services/decoded-svc/invoke",
                "{\"k\":\"a\",\"path\":\"s3://decoded-data/x.bin\"}");
        assertEquals(200, r.statusCode(), r.body());
        return r;
    }

    private static HttpResponse<String> await(LocalPlatform p, String text, Duration timeout) throws Exception {
        long until = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> r;
        do {
            r = send(p);
            if (r.body().contains(text)) {
                return r;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < until);
        throw new AssertionError("no reply with " + text + " within " + timeout + "; last: " + r.body());
    }
}
