package io.memrun.dev.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.runtime.gateway.GatewaySettings;
import io.memrun.runtime.registry.ServiceRegistry;
import io.memrun.runtime.testing.Load;
import io.memrun.runtime.testing.SharedInfra;
import io.memrun.sdk.MemoryService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Stopping memrun dev under load: what was accepted is answered; nothing gets a 500. */
class ShutdownUnderLoadTest {
    @Test
    void close_underLoadWithSlowHandlers_acceptedRequestsAnsweredAndNever500() throws Exception {
        MemoryService svc = MemoryService.builder("shutdown-svc").maxWorkers(1).concurrency(16)
                .handler("k", (ctx, req) -> {
                    Thread.sleep(300);
                    return Map.of("k", req.key());
                }).build();
        SharedInfra infra = SharedInfra.get();
        try (ServiceRegistry registry = ServiceRegistry.inMemory("shutdown")) {
            LocalPlatform p = LocalPlatform.start(svc, LocalPlatform.Options.of(1, GatewaySettings.defaults("127.0.0.1", 0)),
                    infra.kafka(), infra.storeSettings(), registry, infra.newDir("shutdown"));
            List<Load.Outcome> outcomes;
            long closeStarted;
            try (Load load = Load.start(p.httpPort(), "/v1/services/shutdown-svc/invoke", 16, 64, k -> "{\"k\":\"k" + k + "\"}")) {
                load.awaitOutcomes(32, o -> o.status() == 200, Duration.ofSeconds(30));
                closeStarted = System.nanoTime();
                p.close();
                outcomes = load.stop();
            }
            Map<Integer, Integer> byStatus = new TreeMap<>();
            outcomes.forEach(o -> byStatus.merge(o.status(), 1, Integer::sum));
            System.out.printf("shutdown under load: %s (status -1: connection refused after the server stopped)%n", byStatus);
            assertTrue(outcomes.stream().noneMatch(o -> o.status() >= 500 && o.status() != 503), byStatus.toString());
            for (Load.Outcome o : outcomes) {
                if (o.sentNanos() < closeStarted) {
                    assertTrue(o.status() == 200, "a request sent before the stop began got " + o.status() + ": " + o.body());
                }
            }
            assertTrue(byStatus.getOrDefault(200, 0) >= 32);
            assertEquals(0, outcomes.stream().filter(o -> o.body().contains("InterruptedException")).count());
        }
    }
}
