package io.memrun.runtime.worker;

import io.memrun.runtime.cache.CacheStats;
import io.memrun.runtime.cache.DiskCache;
import io.memrun.runtime.cache.MemoryStore;
import io.memrun.runtime.lifecycle.Lifecycle;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.wire.Heartbeat;
import io.memrun.runtime.wire.TopicAdmin;
import io.memrun.runtime.wire.Topics;
import io.memrun.sdk.MemoryService;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A long-lived worker of one service: a member of the service's consumer group that runs the
 * handler for every request on the partitions it owns, up to {@code concurrency} at once on
 * virtual threads, and replies over Kafka.
 *
 * <p>Its pieces, each its own class: the {@link PollLoop} (the consumer, the backlog, the
 * concurrency cap, rebalances), the {@link RequestExecutor} (wire codec, handler, reply), the
 * {@link OffsetTracker} (commits only past finished requests: at-least-once), {@link Drain}
 * (waits for in-flight requests on a stop or a revoke), the {@link HeartbeatPublisher} and the
 * {@link HotSwap} of a reloaded handler. The worker opens them in order and stops them in reverse
 * ({@link Lifecycle}); if one fails to open, the ones before it are closed and the failure is
 * rethrown.
 */
public final class Worker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final WorkerSettings settings;
    private final MemoryService service;
    private final Lifecycle lifecycle;
    private final ObjectStore objectStore;
    private final DiskCache disk;
    private final SharedContext shared;
    private final KafkaProducer<String, byte[]> producer;
    private final ExecutorService handlers;
    private final OffsetTracker offsets;
    private final HeartbeatPublisher heartbeats;
    private final PollLoop pollLoop;
    private final HotSwap hotSwap;

    private Worker(WorkerSettings settings, MemoryService service, ObjectStore objectStore) throws Exception {
        this.settings = settings;
        this.service = service;
        this.lifecycle = new Lifecycle();
        this.objectStore = lifecycle.adopt(objectStore);
        // The service's cache config brings maxItems, TTL and the sweep interval; the disk budget
        // is the worker's own (its NVMe), which may be less than the config's maxSizeBytes.
        this.disk = lifecycle.open(() -> DiskCache.builder(settings.cacheDir(), objectStore)
                .config(service.cache())
                .maxSizeBytes(settings.cacheMaxBytes())
                .open());
        StoreWaits storeWaits = new StoreWaits();
        this.shared = new SharedContext(settings.workerId(), service.name(), disk, new MemoryStore(service.memoryBytes()),
                storeWaits);
        RequestRunner runner = new RequestRunner(service.requestHandler(), service.stickyKey(), shared,
                settings.kafka().maxRecordBytes() - 4096);
        this.hotSwap = new HotSwap(runner, shared);
        this.producer = new KafkaProducer<>(settings.kafka().producer(settings.workerId()));
        lifecycle.adopt(() -> producer.close(Duration.ofSeconds(5)));
        this.handlers = Executors.newVirtualThreadPerTaskExecutor();
        lifecycle.adopt(handlers::shutdownNow); // a stop has drained already; what still runs is redelivered
        // Closed by the poll loop when it stops; closing it again here (a failed start) is a no-op.
        KafkaConsumer<String, byte[]> consumer = lifecycle.open(() -> new KafkaConsumer<>(settings.kafka().workerConsumer(
                Topics.workerGroup(service.name()), settings.workerId(), service.concurrency())));
        this.offsets = new OffsetTracker(consumer);
        this.heartbeats = lifecycle.adopt(new HeartbeatPublisher(settings.workerId(), producer,
                settings.heartbeatInterval(), this::heartbeat, this::checkpoint));
        this.pollLoop = new PollLoop(settings.workerId(), consumer, offsets,
                new RequestExecutor(runner, producer, offsets, handlers), service.concurrency(), storeWaits,
                settings.drainTimeout(), heartbeats::nudge);
        // Closed first: drains, commits, leaves the group and closes the consumer.
        lifecycle.adopt(() -> pollLoop.stop(false, settings.drainTimeout().plusSeconds(10)));
    }

    /**
     * Starts a worker: it joins the group and serves until {@link #close()}.
     *
     * @param objectStore where cache misses are fetched; the worker owns it from now on and closes it
     *     (also if the start fails)
     */
    public static Worker start(WorkerSettings settings, MemoryService service, ObjectStore objectStore) throws Exception {
        Worker w;
        try (TopicAdmin admin = new TopicAdmin(settings.kafka())) {
            admin.ensureTopic(Heartbeat.TOPIC, 1);
            w = new Worker(settings, service, objectStore);
        } catch (Exception | Error e) {
            objectStore.close();
            throw e;
        }
        w.pollLoop.start(Topics.requests(service.name()));
        w.heartbeats.start();
        return w;
    }

    /** This worker's id. */
    public String id() {
        return settings.workerId();
    }

    /** The settings this worker runs with (to restart it with the same identity). */
    public WorkerSettings settings() {
        return settings;
    }

    /** The partitions this worker owns now. */
    public Set<Integer> partitions() {
        return pollLoop.assigned();
    }

    /** Disk and memory cache counters. */
    public CacheStats cacheStats() {
        CacheStats d = disk.stats();
        MemoryStore m = shared.memory();
        return new CacheStats(d.hits(), d.misses(), d.bytesFetched(), d.bytesOnDisk(), d.items(), d.evictions(),
                m.hits(), m.misses());
    }

    /**
     * Hot reload: later requests run {@code next}'s handler; the disk cache stays warm, the
     * in-memory store of decoded structures starts empty (they are instances of the old code).
     * The caller has checked that routing did not change (same sticky key, same partitions).
     */
    public void reload(MemoryService next) {
        hotSwap.apply(next);
    }

    private Heartbeat heartbeat(boolean stopping) {
        CacheStats c = cacheStats();
        return new Heartbeat(settings.workerId(), service.name(), settings.revision(), settings.host(),
                partitions().stream().sorted().toList(), offsets.inFlight(),
                new Heartbeat.CacheCounters(c.hits(), c.misses(), c.bytesFetched(), c.bytesOnDisk(), c.items(),
                        c.evictions(), c.memoryHits(), c.memoryMisses()),
                System.currentTimeMillis(), settings.heartbeatInterval().toMillis(), stopping);
    }

    /** So that a crash loses at most one interval of cache index changes. */
    private void checkpoint() {
        try {
            disk.persistIndex();
        } catch (IOException e) {
            LOG.debug("cache index checkpoint failed: {}", e.getMessage());
        }
    }

    /**
     * Stops abruptly, as a killed process would: no drain, no commit, no goodbye to the group (its
     * partitions wait for the session timeout, then move), replies of running requests abandoned
     * (they are redelivered). The disk cache keeps what its last checkpoint recorded. For dev
     * mode's "kill a worker" and for tests.
     */
    public void crash() {
        heartbeats.stop();
        pollLoop.stop(true, Duration.ofSeconds(10));
        handlers.shutdownNow();
        producer.close(Duration.ZERO);
        objectStore.close();
    }

    /**
     * Stops fetching, finishes in-flight requests (bounded by the drain timeout), commits, leaves
     * the group, says goodbye to the control plane and releases the cache (writing its index):
     * everything it opened, in reverse order.
     */
    @Override
    public void close() {
        lifecycle.close();
    }
}
