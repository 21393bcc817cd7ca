package io.memrun.bench;

import io.memrun.dev.platform.NetworkProfile;
import io.memrun.dev.platform.SimulatedNetworkStore;
import io.memrun.runtime.cache.CleanupScheduler;
import io.memrun.runtime.cache.DiskCache;
import io.memrun.runtime.json.Json;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.sdk.MemoryService;
import io.memrun.sdk.Request;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What decoding while the bytes arrive buys where the download, not the CPU, is the limit: a cold
 * call of the service's handler in this process, over a link to the store simulated at a fixed
 * bandwidth ({@link SimulatedNetworkStore}, as {@code memrun dev --s3-bandwidth} does), with
 * {@code getOrFetchStreaming} streaming and, alternately, answered as {@code getOrFetch} (decode
 * after the download). On this machine the store itself shares the two cores, so without a link
 * limit the two differ little: the work is the same, only its order changes.
 */
final class ArrivingDecodeBench {
    /**
     * @param linkMBps the simulated link, MB/s
     * @param streamedMs cold calls that decoded while the bytes arrived
     * @param wholeMs cold calls that decoded after the download
     */
    record Result(double linkMBps, List<Double> streamedMs, List<Double> wholeMs) {
        double streamedMedianMs() {
            return Samples.median(streamedMs);
        }

        double wholeMedianMs() {
            return Samples.median(wholeMs);
        }
    }

    private ArrivingDecodeBench() {
    }

    static Result run(MemoryService service, String requestJson, ObjectStore store, Path dir, long bytes, double linkMBps,
                      int reps, PrintWriter out) throws Exception {
        ObjectNode body = (ObjectNode) Json.mapper().readTree(requestJson);
        Request request = new Request(body, service.stickyKey().keyOf(body));
        ObjectStore link = new SimulatedNetworkStore(store, new NetworkProfile(Duration.ZERO, (long) (linkMBps * 1e6)));
        Samples streamed = new Samples();
        Samples whole = new Samples();
        for (int rep = 0; rep < reps; rep++) {
            for (boolean streaming : new boolean[] {true, false}) {
                Path cacheDir = dir.resolve("arriving-" + rep + "-" + streaming);
                try (DiskCache disk = DiskCache.builder(cacheDir, link).maxSizeBytes(2 * bytes + (64L << 20))
                        .scheduler(CleanupScheduler.NEVER).open()) {
                    System.gc();
                    long t0 = System.nanoTime();
                    try (InProcessContext ctx = new InProcessContext(disk, null, "bench-arriving", 0, "bench",
                            service.name(), streaming)) {
                        service.requestHandler().handle(ctx, request);
                    }
                    (streaming ? streamed : whole).add((System.nanoTime() - t0) / 1e6);
                } finally {
                    BenchFiles.deleteTree(cacheDir);
                }
            }
        }
        Result r = new Result(linkMBps, streamed.values(), whole.values());
        out.printf(Locale.ROOT, "  cold over a %.0f MB/s link: decoded while arriving %s, after the download %s (medians of %d)%n",
                linkMBps, TargetCheck.ms(r.streamedMedianMs()), TargetCheck.ms(r.wholeMedianMs()), reps);
        out.flush();
        return r;
    }
}
