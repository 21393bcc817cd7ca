package io.memrun.dev.platform;

import io.memrun.runtime.service.ServiceArtifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.runtime.gateway.GatewaySettings;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.runtime.registry.ServiceRegistry;
import io.memrun.runtime.testing.Http;
import io.memrun.runtime.testing.SharedInfra;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Editing a service's source reloads its handler on the running workers; caches stay warm. */
class HotReloadTest {
    private static final String SOURCE = """
            package greet;

            import io.memrun.sdk.MemoryService;
            import java.util.Map;

            public class Greeter {
                public static void main(String[] args) {
                    MemoryService.builder("reload-svc")
                            .handler("k", (ctx, req) -> {
                                ctx.getOrFetch(req.text("path"));
                                return Map.of("greeting", "hello");
                            }).build()
                            .deploy();
                }
            }
            """;

    @Test
    void edit_handlerSource_nextReplyChangesAndWarmKeyStillHits() throws Exception {
        SharedInfra infra = SharedInfra.get();
        try (ObjectStore s3 = infra.objectStore()) {
            s3.ensureBucket("reload-data");
            s3.upload(ObjectUri.parse("s3://reload-data/x.bin"), new byte[4096]);
        }
        Path src = infra.newDir("reload-src");
        Path file = Files.createDirectories(src.resolve("greet")).resolve("Greeter.java");
        Files.writeString(file, SOURCE);
        Path build = infra.newDir("reload-build");
        StringWriter log = new StringWriter();
        PrintWriter out = new PrintWriter(log, true);
        ServiceRegistry registry = ServiceRegistry.inMemory("reload");
        try (LocalPlatform p = LocalPlatform.start(ServiceArtifacts.load(src, build.resolve("gen-0")).get(0),
                LocalPlatform.Options.of(1, GatewaySettings.defaults("127.0.0.1", 0)), infra.kafka(), infra.storeSettings(),
                registry, infra.newDir("reload"));
             HotReloader reloader = HotReloader.start(src, build, p, registry, out)) {
            assertEquals("miss", send(p).headers().firstValue("Memrun-Cache").orElseThrow());
            assertTrue(send(p).body().contains("hello"));

            long edited = System.nanoTime();
            Files.writeString(file, SOURCE.replace("\"hello\"", "\"bonjour\""));
            HttpResponse<String> changed = awaitReply(p, r -> r.body().contains("bonjour"), Duration.ofSeconds(10));
            double seconds = (System.nanoTime() - edited) / 1e9;
            System.out.printf("hot reload: edit live after %.2f s; %s", seconds, log);
            assertTrue(seconds < 2.0, "the edit must be live within 2 s, took " + seconds);
            assertEquals("hit", changed.headers().firstValue("Memrun-Cache").orElseThrow(), "the disk cache survived the reload");
            assertEquals(2, p.service().revision());

            Files.writeString(file, SOURCE.replace("\"hello\"", "\"broken\" +"));
            awaitLog(log, "does not compile");
            assertTrue(log.toString().contains("Greeter.java:"), log.toString());
            assertTrue(send(p).body().contains("bonjour"), "the previous version keeps serving");

            Files.writeString(file, SOURCE.replace("handler(\"k\"", "handler(\"k:path\""));
            awaitLog(log, "sticky key changed");
            assertTrue(send(p).body().contains("bonjour"), "a routing change is reported, not applied");
        } finally {
            registry.close();
        }
    }

    private static HttpResponse<String> send(LocalPlatform p) throws Exception {
        HttpResponse<String> r = Http.post(p.httpPort(), "/v1/services/reload-svc/invoke", "{\"k\":\"a\",\"path\":\"s3://reload-data/x.bin\"}");
        assertEquals(200, r.statusCode(), r.body());
        return r;
    }

    private static HttpResponse<String> awaitReply(LocalPlatform p, Predicate<HttpResponse<String>> ok, Duration timeout) throws Exception {
        long until = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> r;
        do {
            r = send(p);
            if (ok.test(r)) {
                return r;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < until);
        throw new AssertionError("no matching reply within " + timeout + "; last: " + r.body());
    }

    private static void awaitLog(StringWriter log, String text) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!log.toString().contains(text)) {
            if (System.nanoTime() > until) {
                throw new AssertionError("'" + text + "' never appeared in: " + log);
            }
            Thread.sleep(20);
        }
    }
}
