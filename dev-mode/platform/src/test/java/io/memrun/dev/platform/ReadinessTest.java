package io.memrun.dev.platform;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.runtime.gateway.GatewaySettings;
import io.memrun.runtime.registry.ServiceRegistry;
import io.memrun.runtime.testing.Await;
import io.memrun.runtime.testing.Http;
import io.memrun.runtime.testing.SharedInfra;
import io.memrun.runtime.worker.Worker;
import io.memrun.sdk.MemoryService;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /health} says 200 only once every worker owns partitions: a 200 means requests are served now. */
class ReadinessTest {
    @Test
    void health_is200OnlyOnceEveryWorkerHasPartitions() throws Exception {
        MemoryService svc = MemoryService.builder("ready-svc").maxWorkers(3).handler("k", (ctx, req) -> Map.of("ok", true)).build();
        SharedInfra infra = SharedInfra.get();
        try (ServiceRegistry registry = ServiceRegistry.inMemory("ready");
             LocalPlatform p = LocalPlatform.start(svc, LocalPlatform.Options.of(3, GatewaySettings.defaults("127.0.0.1", 0)),
                     infra.kafka(), infra.storeSettings(), registry, infra.newDir("ready"))) {
            Await.until("/health is 200", Duration.ofSeconds(60), () -> Http.get(p.httpPort(), "/health").statusCode() == 200);
            for (Worker w : p.workers()) {
                assertTrue(!w.partitions().isEmpty(), w.id() + " had no partitions when /health said 200");
            }
            long t0 = System.nanoTime();
            assertTrue(Http.post(p.httpPort(), "/v1/services/ready-svc/invoke", "{\"k\":\"a\"}").statusCode() == 200);
            assertTrue((System.nanoTime() - t0) / 1e9 < 2, "the first request after /health went through at once");
        }
    }
}
