package io.memrun.bench;

import io.memrun.runtime.cache.CleanupScheduler;
import io.memrun.runtime.cache.DiskCache;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.sdk.Handler;
import io.memrun.sdk.Request;
import io.memrun.sdk.WorkerRequestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionStage;

/**
 * Runs a service's handler with caching disabled, like a cold serverless function: every request
 * downloads its objects into a throwaway cache directory (the same fetcher as memrun's cache, so
 * parallel ranged GETs, checks and all; only the reuse is gone) and every {@code getOrCompute}
 * runs its loader. The directory is deleted when the request ends.
 */
final class StatelessHandler implements Handler {

    private final Handler inner;
    private final ObjectStore store;
    private final Path scratch;
    private final Samples fetchMs = new Samples();
    private final Samples decodeMs = new Samples();

    /**
     * @param inner the service's handler
     * @param store where objects are fetched from, on every request
     * @param scratch where the per-request directories go
     */
    StatelessHandler(Handler inner, ObjectStore store, Path scratch) {
        this.inner = inner;
        this.store = store;
        this.scratch = scratch;
    }

    @Override
    public Object handle(WorkerRequestContext ctx, Request request) throws Exception {
        Files.createDirectories(scratch);
        Path dir = Files.createTempDirectory(scratch, "req-");
        try (DiskCache throwaway = DiskCache.builder(dir, store).scheduler(CleanupScheduler.NEVER).open();
             InProcessContext nc = new InProcessContext(throwaway, null, ctx.requestId(), ctx.partition(),
                     ctx.shared().workerId(), ctx.shared().serviceName())) {
            Object reply = inner.handle(nc, request);
            if (reply instanceof CompletionStage<?> stage) {
                reply = stage.toCompletableFuture().get(); // the files must outlive the handler's work
            }
            synchronized (this) {
                fetchMs.add(nc.fetchMs());
                decodeMs.add(nc.decodeMs());
            }
            return reply;
        } finally {
            BenchFiles.deleteTree(dir);
        }
    }

    /** Fetch times of the requests so far, ms. */
    synchronized Samples fetches() {
        return copy(fetchMs);
    }

    /** Decode (loader) times of the requests so far, ms. */
    synchronized Samples decodes() {
        return copy(decodeMs);
    }

    private static Samples copy(Samples s) {
        Samples c = new Samples();
        s.values().forEach(c::add);
        return c;
    }
}
