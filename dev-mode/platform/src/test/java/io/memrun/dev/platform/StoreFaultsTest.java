package io.memrun.dev.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.runtime.gateway.GatewaySettings;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectStoreSettings;
import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.runtime.registry.ServiceRegistry;
import io.memrun.runtime.testing.FaultProxy;
import io.memrun.runtime.testing.FaultProxy.Fault;
import io.memrun.runtime.testing.Http;
import io.memrun.runtime.testing.SharedInfra;
import io.memrun.sdk.MemoryService;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A store that refuses connections, then one that resets them mid-answer (a fault-injecting proxy in
 * front of the embedded store): each miss is answered once, with 502 naming the store, well inside the
 * request deadline; cache hits on the same worker keep coming back 200; once the store is back the
 * next miss is served. (A store that accepts and never answers: {@link StalledStoreTest}.)
 */
class StoreFaultsTest {
    private static final String INVOKE = "/v1/services/faulty-store-svc/invoke";
    private static final int COLD_PER_FAULT = 4;

    private static String body(String key, String object) {
        return "{\"k\":\"" + key + "\",\"path\":\"s3://faulty-data/" + object + "\"}";
    }

    @Test
    void storeRefusesThenResets_missesGet502Fast_hitsStay200_thenRecovers() throws Exception {
        SharedInfra infra = SharedInfra.get();
        List<String> objects = new ArrayList<>(List.of("hot.bin", "after.bin"));
        for (Fault f : List.of(Fault.REFUSE, Fault.RESET)) {
            for (int i = 0; i < COLD_PER_FAULT; i++) {
                objects.add(f.name().toLowerCase() + "-" + i + ".bin");
            }
        }
        try (ObjectStore s3 = infra.objectStore()) {
            s3.ensureBucket("faulty-data");
            for (String name : objects) {
                s3.upload(ObjectUri.parse("s3://faulty-data/" + name), new byte[256 * 1024]);
            }
        }
        MemoryService svc = MemoryService.builder("faulty-store-svc").maxWorkers(1).concurrency(4)
                .handler("k", (ctx, req) -> Map.of("size", ctx.getOrFetch(req.text("path")).size())).build();
        ObjectStoreSettings direct = infra.storeSettings();
        try (FaultProxy proxy = FaultProxy.start(direct.endpoint());
             ServiceRegistry registry = ServiceRegistry.inMemory("faulty-store")) {
            ObjectStoreSettings viaProxy = new ObjectStoreSettings(proxy.endpoint(), direct.accessKey(), direct.secretKey(),
                    direct.region());
            try (LocalPlatform p = LocalPlatform.start(svc, LocalPlatform.Options.of(1, GatewaySettings.defaults("127.0.0.1", 0)),
                    infra.kafka(), viaProxy, registry, infra.newDir("faulty-store"))) {
                assertEquals(200, Http.post(p.httpPort(), INVOKE, body("hot", "hot.bin")).statusCode());

                for (Fault fault : List.of(Fault.REFUSE, Fault.RESET)) {
                    proxy.inject(fault);
                    long t0 = System.nanoTime();
                    List<CompletableFuture<HttpResponse<String>>> cold = new ArrayList<>();
                    for (int i = 0; i < COLD_PER_FAULT; i++) {
                        String b = body(fault + "-" + i, fault.name().toLowerCase() + "-" + i + ".bin");
                        cold.add(CompletableFuture.supplyAsync(() -> post(p.httpPort(), b)));
                    }
                    long h0 = System.nanoTime();
                    HttpResponse<String> hit = Http.post(p.httpPort(), INVOKE, body("hot", "hot.bin"));
                    double hitSeconds = (System.nanoTime() - h0) / 1e9;
                    assertEquals(200, hit.statusCode(), fault + ": " + hit.body());
                    assertEquals("hit", hit.headers().firstValue("Memrun-Cache").orElseThrow());
                    for (CompletableFuture<HttpResponse<String>> f : cold) {
                        HttpResponse<String> r = f.join();
                        assertEquals(502, r.statusCode(), fault + ": " + r.body());
                        assertTrue(r.body().contains("object store"), fault + ": " + r.body());
                    }
                    double missSeconds = (System.nanoTime() - t0) / 1e9;
                    System.out.printf("fault suite, store %s: %d misses answered 502 in %.2f s; a hit meanwhile 200 in %.3f s%n",
                            fault, COLD_PER_FAULT, missSeconds, hitSeconds);
                    assertTrue(missSeconds < 10, fault + ": misses took " + missSeconds + " s to fail");
                }

                proxy.inject(Fault.NONE);
                long back = System.nanoTime();
                HttpResponse<String> after = Http.post(p.httpPort(), INVOKE, body("after", "after.bin"));
                double recoverySeconds = (System.nanoTime() - back) / 1e9;
                assertEquals(200, after.statusCode(), after.body());
                assertEquals("miss", after.headers().firstValue("Memrun-Cache").orElseThrow());
                HttpResponse<String> retried = Http.post(p.httpPort(), INVOKE, body("REFUSE-0", "refuse-0.bin"));
                assertEquals(200, retried.statusCode(), "a miss that failed is fetched when asked again: " + retried.body());
                System.out.printf("fault suite, store back: first miss served 200 in %.2f s%n", recoverySeconds);
            }
        }
    }

    private static HttpResponse<String> post(int port, String body) {
        try {
            return Http.post(port, INVOKE, body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
