package io.memrun.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memrun.runtime.cache.CleanupScheduler;
import io.memrun.runtime.cache.DiskCache;
import io.memrun.runtime.cache.MemoryStore;
import io.memrun.runtime.json.Json;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.sdk.MemoryService;
import io.memrun.sdk.Request;
import java.nio.file.Path;
import java.util.List;

/**
 * The state tax at the cache layer, without the request path: a service's handler called in this
 * process on an empty {@link DiskCache} and {@link MemoryStore} (the cold fetch and the decode its
 * loader does are timed), then the cost of a warm {@code getOrCompute} hit on the key the handler
 * used, timed over batches of calls because one hit is shorter than the clock's resolution.
 */
final class CacheLayerBench {
    private static final int BATCH = 1_000;

    /**
     * @param coldMs the cold call, whole
     * @param coldFetchMs the cold download into the disk cache (it overlaps the decode when the
     *     handler decodes while the bytes arrive)
     * @param coldDecodeMs the loader's run on the cold call
     * @param hitNanos the median {@code getOrCompute} hit, nanoseconds
     * @param key the memory-store key that was hit, or empty if the handler used none
     */
    record Result(double coldMs, double coldFetchMs, double coldDecodeMs, double hitNanos, String key) {
        /** The cold call over a warm memory hit. */
        @JsonProperty
        double ratio() {
            return coldMs * 1e6 / hitNanos;
        }
    }

    private CacheLayerBench() {
    }

    /**
     * @param batches how many batches of {@value #BATCH} hits to time; the median batch counts
     */
    static Result run(MemoryService service, String requestJson, ObjectStore store, Path dir, int batches)
            throws Exception {
        ObjectNode body = (ObjectNode) Json.mapper().readTree(requestJson);
        Request request = new Request(body, service.stickyKey().keyOf(body));
        MemoryStore memory = new MemoryStore(service.memoryBytes());
        try (DiskCache disk = DiskCache.builder(dir, store).maxSizeBytes(Math.min(service.diskBytes(),
                service.cache().maxSizeBytes())).scheduler(CleanupScheduler.NEVER).open()) {
            InProcessContext ctx = new InProcessContext(disk, memory, "bench-cache-layer", 0, "bench", service.name());
            long t0 = System.nanoTime();
            try (ctx) {
                service.requestHandler().handle(ctx, request);
            }
            double coldMs = (System.nanoTime() - t0) / 1e6;
            List<String> keys = ctx.keys();
            if (keys.isEmpty()) {
                return new Result(coldMs, ctx.fetchMs(), ctx.decodeMs(), Double.NaN, "");
            }
            String key = keys.get(0);
            return new Result(coldMs, ctx.fetchMs(), ctx.decodeMs(), medianHitNanos(memory, key, batches), key);
        } finally {
            BenchFiles.deleteTree(dir);
        }
    }

    /** Times {@code batches} batches of hits on {@code key}; a miss would throw, so each call is a hit. */
    static double medianHitNanos(MemoryStore memory, String key, int batches) throws Exception {
        Samples perHit = new Samples();
        Object sink = null;
        for (int b = -batches / 5; b < batches; b++) { // the first fifth warms the JIT
            long t0 = System.nanoTime();
            for (int i = 0; i < BATCH; i++) {
                sink = memory.getOrCompute(key, CacheLayerBench::notAHit);
            }
            long per = (System.nanoTime() - t0) / BATCH;
            if (b >= 0) {
                perHit.add(per);
            }
        }
        if (sink == null) {
            throw new IllegalStateException("no value for " + key);
        }
        return perHit.median();
    }

    private static Object notAHit() {
        throw new IllegalStateException("expected a memory-store hit, but the value was gone");
    }
}
