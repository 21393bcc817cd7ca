package io.memrun.dev.platform;

import io.memrun.runtime.gateway.GatewaySettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.dev.platform.LocalPlatform;
import io.memrun.runtime.registry.ServiceRegistry;
import io.memrun.runtime.testing.Http;
import io.memrun.runtime.testing.SharedInfra;
import io.memrun.runtime.wire.KafkaSettings;
import io.memrun.dev.EmbeddedKafkaBroker;
import io.memrun.sdk.MemoryService;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With the broker gone the gateway answers 503 at once; when it comes back, requests succeed again. */
class BrokerOutageTest {
    @Test
    void invoke_brokerDown_returns503QuicklyAndRecoversWhenItIsBack() throws Exception {
        SharedInfra infra = SharedInfra.get();
        Path dir = infra.newDir("outage-kafka");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0);
        int port = broker.port();
        MemoryService svc = MemoryService.builder("outage-svc").handler("k", (ctx, req) -> Map.of("ok", true)).build();
        String path = "/v1/services/outage-svc/invoke";
        try (LocalPlatform p = LocalPlatform.start(svc, LocalPlatform.Options.of(1, GatewaySettings.defaults("127.0.0.1", 0)),
                KafkaSettings.forBodyLimit(broker.bootstrapServers(), GatewaySettings.DEFAULT_MAX_BODY),
                infra.storeSettings(), ServiceRegistry.inMemory("outage"), infra.newDir("outage"))) {
            assertEquals(200, Http.post(p.httpPort(), path, "{\"k\":\"a\"}").statusCode());

            broker.close();
            HttpResponse<String> down = awaitStatus(p, path, 503, Duration.ofSeconds(15));
            long t0 = System.nanoTime();
            down = Http.post(p.httpPort(), path, "{\"k\":\"a\"}");
            double ms = (System.nanoTime() - t0) / 1e6;
            assertEquals(503, down.statusCode(), down.body());
            assertTrue(down.body().contains("\"error\":\"broker unavailable\""), down.body());
            System.out.printf("outage: 503 answered in %.1f ms while the broker is down%n", ms);

            broker = EmbeddedKafkaBroker.start(dir, port);
            HttpResponse<String> back = awaitStatus(p, path, 200, Duration.ofSeconds(60));
            assertTrue(back.body().contains("\"ok\":true"), back.body());
        } finally {
            broker.close();
        }
    }

    private static HttpResponse<String> awaitStatus(LocalPlatform p, String path, int status, Duration timeout) throws Exception {
        long until = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> r;
        do {
            r = Http.post(p.httpPort(), path + "?timeout=5s", "{\"k\":\"a\"}");
            if (r.statusCode() == status) {
                return r;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < until);
        throw new AssertionError("status " + status + " not seen within " + timeout + "; last " + r.statusCode() + " " + r.body());
    }
}
