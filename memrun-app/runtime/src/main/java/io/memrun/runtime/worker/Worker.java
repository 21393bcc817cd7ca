package io.memrun.runtime.worker;

import io.memrun.runtime.cache.CacheStats;
import io.memrun.runtime.cache.DiskCache;
import io.memrun.runtime.handoff.HotSet;
import io.memrun.runtime.handoff.Warmup;
import io.memrun.runtime.objectstore.ObjectUri;
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
    private final RequestCounters requests = new RequestCounters();
    private volatile String phase = Heartbeat.STANDBY;
    private volatile Warmup warmup;

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
                new RequestExecutor(runner, producer, offsets, handlers, requests), service.concurrency(), storeWaits,
                settings.drainTimeout(), heartbeats::nudge);
        // Closed first: drains, commits, leaves the group and closes the consumer.
        lifecycle.adopt(() -> pollLoop.stop(PollLoop.Stop.LEAVE, settings.drainTimeout().plusSeconds(10)));
        lifecycle.adopt(() -> {
            Warmup w = warmup;
            if (w != null) {
                w.close();
            }
        });
    }

    /**
     * Starts a worker: it joins the group and serves until {@link #close()}.
     *
     * @param objectStore where cache misses are fetched; the worker owns it from now on and closes it
     *     (also if the start fails)
     */
    public static Worker start(WorkerSettings settings, MemoryService service, ObjectStore objectStore) throws Exception {
        Worker w = startStandby(settings, service, objectStore);
        w.join();
        return w;
    }

    /**
     * Starts a worker in standby: service loaded, cache open, heartbeating (phase
     * {@value Heartbeat#STANDBY}), but not a member of the group, so it takes no partitions from
     * anyone. A successor waits like this, warming its cache ({@link #warm}), until its predecessor
     * has {@linkplain #handOff() handed off}; then {@link #join()}.
     */
    public static Worker startStandby(WorkerSettings settings, MemoryService service, ObjectStore objectStore)
            throws Exception {
        Worker w;
        try (TopicAdmin admin = new TopicAdmin(settings.kafka())) {
            admin.ensureTopic(Heartbeat.TOPIC, 1);
            w = new Worker(settings, service, objectStore);
        } catch (Exception | Error e) {
            objectStore.close();
            throw e;
        }
        w.heartbeats.start();
        return w;
    }

    /**
     * Joins the group with the slot's {@code group.instance.id}: after a handoff the coordinator gives
     * it its predecessor's partitions as they were, without a rebalance (or, if the predecessor's
     * session expired meanwhile, the slot assignor gives it the same ones in a rebalance). A second
     * call does nothing.
     */
    public void join() {
        pollLoop.start(Topics.requests(service.name()));
        phase = Heartbeat.SERVING;
        heartbeats.nudge();
    }

    /**
     * Writes this worker's hot set, the cached objects its partitions used most within
     * {@code budgetBytes} and copies of the structures decoded from them, to {@code where} in the
     * object store, for a successor to {@link #warm} from.
     */
    public HotSet publishHotSet(ObjectUri where, long budgetBytes) throws IOException {
        HotSet set = HotSet.capture(service.name(), settings.workerId(), settings.revision(), disk, budgetBytes,
                objectStore, where);
        set.publish(objectStore, where);
        LOG.info("worker {}: published its hot set ({} objects, {}; {} decoded files) to {}", settings.workerId(),
                set.objects().size(), io.memrun.sdk.Sizes.format(set.bytes()), set.decoded().size(), where);
        return set;
    }

    /**
     * Starts fetching {@code set} into this worker's cache at no more than {@code bytesPerSecond}
     * (0: no limit); progress goes out with every heartbeat. Replaces a warmup already running.
     */
    public Warmup warm(HotSet set, long bytesPerSecond) {
        Warmup previous = warmup;
        if (previous != null) {
            previous.close();
        }
        Warmup w = Warmup.start(disk, set, bytesPerSecond);
        warmup = w;
        return w;
    }

    /**
     * Hands this worker's partitions to a successor with the same worker id: stops fetching, finishes
     * the requests in flight (bounded by the drain timeout; the rest are redelivered to the successor),
     * commits, and closes its consumer without leaving the group. Its heartbeats then say
     * {@value Heartbeat#HANDED_OFF}; close it once the successor serves.
     */
    public void handOff() {
        pollLoop.stop(PollLoop.Stop.HAND_OFF, settings.drainTimeout().plusSeconds(10));
        phase = Heartbeat.HANDED_OFF;
        heartbeats.nudge();
    }

    /** Sends a heartbeat now rather than at the next interval. */
    public void heartbeatNow() {
        heartbeats.nudge();
    }

    /** {@value Heartbeat#STANDBY}, {@value Heartbeat#SERVING} or {@value Heartbeat#HANDED_OFF}. */
    public String phase() {
        return phase;
    }

    /**
     * For a worker that cannot start (its service does not load): sends the one heartbeat that says
     * so, phase {@value Heartbeat#FAILED} with {@code error}, so the control plane stops waiting for it
     * at once rather than at its boot deadline. Best effort: a broker that is down gets nothing.
     */
    public static void reportStartFailure(WorkerSettings settings, String service, String error) {
        Heartbeat hb = Heartbeat.failed(settings.workerId(), service, settings.revision(), settings.host(),
                settings.heartbeatInterval().toMillis(), error);
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(settings.kafka().producer(settings.workerId() + "-failed"))) {
            p.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Heartbeat.TOPIC, settings.workerId(),
                    io.memrun.runtime.json.Json.mapper().writeValueAsBytes(hb))).get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("could not report the failed start: {}", e.toString());
        }
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

    /**
     * Waits (at most {@code timeout}) until the decoded files that handlers asked for are on disk,
     * as a restart would find them. Benchmarks use it; serving never needs to.
     */
    public void awaitDecodedWrites(java.time.Duration timeout) throws InterruptedException {
        disk.awaitDecodedWrites(timeout);
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
                System.currentTimeMillis(), settings.heartbeatInterval().toMillis(), stopping, phase, requests.snapshot(),
                warmupProgress(), null);
    }

    private Heartbeat.WarmupProgress warmupProgress() {
        Warmup w = warmup;
        if (w == null) {
            return null;
        }
        Warmup.Progress p = w.progress();
        return new Heartbeat.WarmupProgress(p.objectsDone(), p.objectsTotal(), p.bytesDone(), p.bytesTotal(), p.failed(),
                p.finished());
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
        pollLoop.stop(PollLoop.Stop.CRASH, Duration.ofSeconds(10));
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
