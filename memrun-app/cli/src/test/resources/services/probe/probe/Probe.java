package probe;

import io.memrun.sdk.CachedObject;
import io.memrun.sdk.MemoryService;
import java.util.Map;

/**
 * A test service compiled from source by the worker process tests: sleeps if asked, fetches an
 * object if asked, and says which worker and partition served it. One service per test, so each
 * test has its own topic and consumer group.
 */
public class Probe {
    public static void main(String[] args) {
        for (String name : new String[] {"crash-svc", "restart-svc", "term-svc"}) {
            MemoryService.builder(name).maxWorkers(2).concurrency(16)
                    .handler("k", (ctx, req) -> {
                        long sleep = req.json().path("sleep_ms").asLong(0);
                        if (sleep > 0) {
                            Thread.sleep(sleep);
                        }
                        String cache = "none";
                        if (req.json().hasNonNull("path")) {
                            CachedObject o = ctx.getOrFetch(req.text("path"));
                            cache = o.hit() ? "hit" : "miss";
                        }
                        return Map.of("worker", ctx.shared().workerId(), "partition", ctx.partition(), "cache", cache);
                    }).build()
                    .deploy();
        }
    }
}
