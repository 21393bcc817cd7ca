package io.memrun.bench;

import io.memrun.runtime.objectstore.ObjectStore;

import io.memrun.runtime.cache.CacheStats;
import io.memrun.dev.platform.LocalPlatform;
import io.memrun.runtime.gateway.GatewaySettings;
import io.memrun.runtime.registry.ServiceRegistry;
import io.memrun.runtime.worker.Worker;
import io.memrun.runtime.worker.WorkerSettings;
import io.memrun.sdk.MemoryService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The gateway and one worker of a service, where the benchmark decides how warm the worker is:
 * {@link #startCold()} replaces it by a new worker (same id, so the same partitions) on a fresh,
 * empty cache directory with an empty memory store; {@link #dropMemory()} empties only the memory
 * store (what a hot reload does), leaving the object on local disk. Requests go through the whole
 * path: HTTP → gateway → Kafka → worker → Kafka → gateway.
 */
final class OneWorkerPlatform implements AutoCloseable {
    /** Long enough for a cold 2 GiB load on a slow machine; the gateway allows up to 15 minutes. */
    private static final String DEADLINE = "10m";

    private final BenchInfra infra;
    private final MemoryService service;
    private final ServiceRegistry registry;
    private final LocalPlatform platform;
    private final Path dir;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI invoke;
    private Worker worker;
    private Path cacheDir;
    private int generation;

    private OneWorkerPlatform(BenchInfra infra, MemoryService service, ServiceRegistry registry, LocalPlatform platform,
                              Path dir) {
        this.infra = infra;
        this.service = service;
        this.registry = registry;
        this.platform = platform;
        this.dir = dir;
        this.invoke = URI.create("http://127.0.0.1:" + platform.httpPort() + "/v1/services/" + service.name()
                + "/invoke?timeout=" + DEADLINE);
    }

    /** Starts the gateway (no worker yet: call {@link #startCold()}). */
    static OneWorkerPlatform start(BenchInfra infra, MemoryService service) throws Exception {
        Path dir = infra.dir().resolve("platform-" + service.name());
        ServiceRegistry registry = ServiceRegistry.inMemory("bench-" + service.name() + "-" + System.nanoTime());
        try {
            // Zero local workers: this class runs the one worker itself, to choose its cache directory.
            LocalPlatform p = LocalPlatform.start(service, LocalPlatform.Options.of(0,
                    GatewaySettings.defaults("127.0.0.1", 0)), infra.kafka(), infra.store(), registry, dir);
            return new OneWorkerPlatform(infra, service, registry, p, dir);
        } catch (Exception | Error e) {
            registry.close();
            throw e;
        }
    }

    /**
     * Stops the current worker, if any, and starts a new one with the same id on a new, empty cache
     * directory (the old one is deleted), so both the disk cache and the memory store are cold.
     * Returns once the worker owns every partition, so no request waits for a rebalance.
     */
    void startCold() throws Exception {
        stopWorker();
        if (cacheDir != null) {
            BenchFiles.deleteTree(cacheDir);
        }
        cacheDir = dir.resolve("cache-" + generation++);
        long disk = Math.min(service.diskBytes(), service.cache().maxSizeBytes());
        WorkerSettings ws = new WorkerSettings(service.name() + "-bench", infra.kafka(), cacheDir, disk,
                Duration.ofSeconds(30), WorkerSettings.DEFAULT_HEARTBEAT, platform.service().revision());
        worker = Worker.start(ws, service, ObjectStore.create(infra.store()));
        awaitAllPartitions();
    }

    /**
     * Waits until the worker has written the structures a cold request decoded to its disk, which it
     * does in the background right after that request: a one-time cost, not a warm request's.
     */
    void awaitDecodedWrites() throws InterruptedException {
        worker.awaitDecodedWrites(java.time.Duration.ofMinutes(2));
    }

    /**
     * Empties the worker's memory store, as a hot reload does; the disk cache stays warm, with the
     * structures the handler keeps on disk once they are written (a restart finds them so).
     */
    void dropMemory() throws InterruptedException {
        worker.awaitDecodedWrites(java.time.Duration.ofMinutes(2));
        worker.reload(service);
    }

    /** The worker's cache counters. */
    CacheStats stats() {
        return worker.cacheStats();
    }

    /** Sends one request and waits for its reply. */
    Invocation invoke(String body) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(invoke).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build();
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        double ms = (System.nanoTime() - t0) / 1e6;
        return new Invocation(ms, r.statusCode(), r.headers().firstValue("Memrun-Cache").orElse(""),
                Invocation.parseServerTiming(r.headers().firstValue("Server-Timing").orElse(null)), r.body());
    }

    /** Like {@link #invoke} but fails unless the reply is a 200. */
    Invocation invokeOk(String body) throws IOException, InterruptedException {
        Invocation inv = invoke(body);
        if (inv.status() != 200) {
            throw new IllegalStateException("the benchmark request failed with HTTP " + inv.status() + ": "
                    + inv.body().lines().findFirst().orElse(""));
        }
        return inv;
    }

    private void awaitAllPartitions() throws InterruptedException {
        int want = platform.service().partitions();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (worker.partitions().size() < want) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("worker " + worker.id() + " got " + worker.partitions().size() + " of "
                        + want + " partitions in 60 s");
            }
            Thread.sleep(20);
        }
    }

    private void stopWorker() {
        if (worker != null) {
            worker.close();
            worker = null;
        }
    }

    @Override
    public void close() throws java.io.IOException, java.sql.SQLException {
        try {
            stopWorker();
            platform.close();
        } finally {
            registry.close();
            BenchFiles.deleteTree(dir);
        }
    }
}
