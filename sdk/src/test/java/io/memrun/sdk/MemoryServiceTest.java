package io.memrun.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.sdk.spi.ServiceCapture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryServiceTest {
    @Test
    void builder_seedExample_keepsDeclaredValues() {
        MemoryService svc = MemoryService.builder("analytics-engine")
                .memory("32Gi").disk("600Gi").maxWorkers(10).concurrency(16)
                .handler("user_id:dataset_id", (ctx, req) -> "ok").build();
        assertEquals(32L << 30, svc.memoryBytes());
        assertEquals(600L << 30, svc.diskBytes());
        assertEquals(10, svc.maxWorkers());
        assertEquals(16, svc.concurrency());
        assertEquals("user_id:dataset_id", svc.stickyKey().toString());
    }

    @Test
    void builder_invalidValues_failFastWithMessages() {
        assertThrows(IllegalArgumentException.class, () -> MemoryService.builder("Bad_Name"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MemoryService.builder("s").maxWorkers(0))
                .getMessage().contains("maxWorkers"));
        assertThrows(IllegalArgumentException.class, () -> MemoryService.builder("s").memory("lots"));
        assertThrows(IllegalArgumentException.class, () -> MemoryService.builder("s").handler("a::b", (c, r) -> 1));
    }

    @Test
    void deploy_insideCapture_isCollected_outsideFailsWithHint() throws Exception {
        MemoryService svc = MemoryService.builder("s").handler("k", (c, r) -> 1).build();
        List<MemoryService> captured = ServiceCapture.capture(() -> {
            svc.deploy();
            return null;
        });
        assertEquals(List.of(svc), captured);
        IllegalStateException e = assertThrows(IllegalStateException.class, svc::deploy);
        assertTrue(e.getMessage().contains("memrun dev"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> MemoryService.builder("t").build().deploy());
    }

    @Test
    void cacheConfig_defaults_matchTheSeed() {
        CacheConfig c = CacheConfig.defaults();
        assertEquals("/var/lib/memrun/cache/{service_name}/", c.cacheDir());
        assertEquals(600L << 30, c.maxSizeBytes());
        assertEquals(100_000, c.maxItems());
        assertTrue(c.ttl().isEmpty());
        assertEquals(Duration.ofSeconds(300), c.cleanupInterval());
        assertEquals("/var/lib/memrun/cache/svc", c.cacheDirFor("svc").toString());
        assertThrows(IllegalArgumentException.class, () -> CacheConfig.builder().maxItems(0));
        assertEquals(Duration.ofSeconds(60), CacheConfig.builder().ttlSeconds(60).build().ttl().orElseThrow());
    }

    @Test
    void build_withoutHandler_saysToSetIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> MemoryService.builder("s").build());
        assertTrue(e.getMessage().contains("handler(stickyKey, handler)"), e.getMessage());
    }
}
