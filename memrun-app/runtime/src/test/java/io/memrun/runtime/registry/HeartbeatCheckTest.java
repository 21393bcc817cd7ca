package io.memrun.runtime.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.runtime.wire.Heartbeat;
import io.memrun.sdk.MemoryService;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeartbeatCheckTest {
    private static Heartbeat hb(String service, String id, String host, List<Integer> partitions, long intervalMs) {
        return new Heartbeat(id, service, 1, host, partitions, 0, new Heartbeat.CacheCounters(0, 0, 0, 0, 0, 0, 0, 0),
                System.currentTimeMillis(), intervalMs, false, Heartbeat.SERVING, null, null, null);
    }

    @Test
    void reject_forgedOrImplausibleHeartbeats_andBoundsWorkersPerService() throws Exception {
        try (ServiceRegistry services = ServiceRegistry.inMemory("hb-check-" + System.nanoTime())) {
            services.register(MemoryService.builder("svc").maxWorkers(2).handler("k", (c, r) -> 1).build(), 8);
            assertTrue(HeartbeatCheck.reject(hb("svc", "svc-w0", "host-a", List.of(0, 7), 1000), services).isEmpty());
            assertTrue(HeartbeatCheck.reject(hb("ghost", "x", "h", List.of(), 1000), services).orElseThrow().contains("no service"));
            assertTrue(HeartbeatCheck.reject(hb("svc", "svc-w0", "h", List.of(8), 1000), services).orElseThrow().contains("partitions"));
            assertTrue(HeartbeatCheck.reject(hb("svc", "a b", "h", List.of(), 1000), services).orElseThrow().contains("malformed"));
            assertTrue(HeartbeatCheck.reject(hb("svc", "svc-w0", "h", List.of(), 1), services).orElseThrow().contains("interval"));
            Heartbeat odd = new Heartbeat("svc-w0", "svc", 1, "h", List.of(), 0, new Heartbeat.CacheCounters(0, 0, 0, 0, 0, 0, 0, 0),
                    System.currentTimeMillis(), 1000, false, "dancing", null, null, null);
            assertTrue(HeartbeatCheck.reject(odd, services).orElseThrow().contains("unknown phase"));
            Heartbeat old = new Heartbeat("svc-w0", "svc", 1, "h", List.of(), 0, new Heartbeat.CacheCounters(0, 0, 0, 0, 0, 0, 0, 0),
                    System.currentTimeMillis(), 1000, false, null, null, null, null);
            assertEquals(Heartbeat.SERVING, old.phase(), "a heartbeat of an older worker, without a phase, is serving");

            int max = HeartbeatCheck.maxWorkers(services.find("svc").orElseThrow());
            for (int i = 0; i < max; i++) {
                services.workers().record(hb("svc", "fake-" + i, "h", List.of(), 1000), Instant.now());
            }
            assertTrue(HeartbeatCheck.reject(hb("svc", "one-more", "h", List.of(), 1000), services).orElseThrow()
                    .contains("already has " + max + " workers"));
            assertTrue(HeartbeatCheck.reject(hb("svc", "fake-0", "h", List.of(), 1000), services).isEmpty(),
                    "a worker already on record keeps reporting");
            assertEquals(max, services.workers().forService("svc").size());
        }
    }
}
