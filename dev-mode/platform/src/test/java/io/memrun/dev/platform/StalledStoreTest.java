package io.memrun.dev.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.runtime.gateway.GatewaySettings;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectStoreSettings;
import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.runtime.registry.ServiceRegistry;
import io.memrun.runtime.testing.Http;
import io.memrun.runtime.testing.SharedInfra;
import io.memrun.runtime.testing.FaultProxy;
import io.memrun.sdk.MemoryService;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A store that accepts connections but stops answering: cache hits keep flowing, misses fail in time. */
class StalledStoreTest {
    private static final String INVOKE = "/v1/services/stall-svc/invoke";

    private static String body(String key, String object) {
        return "{\"k\":\"" + key + "\",\"path\":\"s3://stall-data/" + object + "\"}";
    }

    @Test
    void storeStalls_hitsStayFast_missesFailWellInsideTheDeadline_thenRecover() throws Exception {
        SharedInfra infra = SharedInfra.get();
        try (ObjectStore s3 = infra.objectStore()) {
            s3.ensureBucket("stall-data");
            for (String name : List.of("hot.bin", "cold-0.bin", "cold-1.bin", "cold-2.bin", "cold-3.bin")) {
                s3.upload(ObjectUri.parse("s3://stall-data/" + name), new byte[64 * 1024]);
            }
        }
        MemoryService svc = MemoryService.builder("stall-svc").maxWorkers(1).concurrency(2)
                .handler("k", (ctx, req) -> Map.of("size", ctx.getOrFetch(req.text("path")).size())).build();
        ObjectStoreSettings direct = infra.storeSettings();
        try (FaultProxy proxy = FaultProxy.start(direct.endpoint());
             ServiceRegistry registry = ServiceRegistry.inMemory("stall")) {
            ObjectStoreSettings viaProxy = new ObjectStoreSettings(proxy.endpoint(), direct.accessKey(), direct.secretKey(),
                    direct.region());
            try (LocalPlatform p = LocalPlatform.start(svc, LocalPlatform.Options.of(1, GatewaySettings.defaults("127.0.0.1", 0)),
                    infra.kafka(), viaProxy, registry, infra.newDir("stall"))) {
                assertEquals(200, Http.post(p.httpPort(), INVOKE, body("hot", "hot.bin")).statusCode());

                proxy.stall(true);
                long stalledAt = System.nanoTime();
                List<CompletableFuture<HttpResponse<String>>> cold = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    String b = body("cold" + i, "cold-" + i + ".bin");
                    cold.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            return Http.post(p.httpPort(), INVOKE, b);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }));
                }
                Thread.sleep(500); // the misses now hold both handler slots' worth of requests, waiting on the store
                long t0 = System.nanoTime();
                HttpResponse<String> hit = Http.post(p.httpPort(), INVOKE, body("hot", "hot.bin"));
                double hitSeconds = (System.nanoTime() - t0) / 1e9;
                assertEquals(200, hit.statusCode(), hit.body());
                assertEquals("hit", hit.headers().firstValue("Memrun-Cache").orElseThrow());
                assertTrue(hitSeconds < 2, "a hit waited " + hitSeconds + " s behind misses");

                for (CompletableFuture<HttpResponse<String>> f : cold) {
                    HttpResponse<String> r = f.join();
                    assertEquals(502, r.statusCode(), r.body());
                }
                double missSeconds = (System.nanoTime() - stalledAt) / 1e9;
                System.out.printf("fault suite, store STALL: a hit meanwhile 200 in %.2f s; 4 misses answered 502 after %.1f s%n",
                        hitSeconds, missSeconds);
                assertTrue(missSeconds < 25, "misses must fail well inside the 30 s deadline, took " + missSeconds);

                proxy.stall(false);
                assertEquals(200, Http.post(p.httpPort(), INVOKE, body("cold0", "cold-0.bin")).statusCode());
            }
        }
    }
}
