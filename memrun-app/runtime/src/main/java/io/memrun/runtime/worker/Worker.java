package io.memrun.runtime.worker;

import io.memrun.runtime.cache.CacheStats;
import io.memrun.runtime.cache.DiskCache;
import io.memrun.runtime.cache.MemoryStore;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.wire.Heartbeat;
import io.memrun.runtime.wire.Timing;
import io.memrun.runtime.wire.TopicAdmin;
import io.memrun.runtime.wire.Topics;
import io.memrun.runtime.wire.WireHeaders;
import io.memrun.sdk.MemoryService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A long-lived worker of one service: a member of the service's consumer group that runs the
 * handler for every request on the partitions it owns, up to {@code concurrency} at once on
 * virtual threads, and replies over Kafka.
 *
 * <p>Delivery is at-least-once: an offset is committed only when every request before it in its
 * partition has its reply acknowledged by the broker ({@link OffsetTracker}). When all
 * {@code concurrency} slots are busy the worker pauses its partitions rather than queueing
 * without bound. One platform thread owns the consumer; handlers never touch it.
 */
public final class Worker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    private static final String HOST = HeartbeatPublisher.host().get();
    /** How long a revoked partition waits for its running requests before they are left to redelivery. */
    private static final Duration REVOKE_WAIT = Duration.ofSeconds(5);

    private final WorkerSettings settings;
    private final MemoryService service;
    private final ObjectStore objectStore;
    private final DiskCache disk;
    private final SharedContext shared;
    private final RequestRunner runner;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final OffsetTracker offsets;
    private final HeartbeatPublisher heartbeats;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final Deque<ConsumerRecord<String, byte[]>> backlog = new ArrayDeque<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread pollThread;
    private volatile boolean running = true;
    private volatile boolean crashed;
    private volatile Set<Integer> assigned = Set.of();

    private Worker(WorkerSettings settings, MemoryService service, ObjectStore objectStore) throws Exception {
        this.settings = settings;
        this.service = service;
        this.objectStore = objectStore;
        // The service's cache config brings maxItems, TTL and the sweep interval; the disk budget
        // is the worker's own (its NVMe), which may be less than the config's maxSizeBytes.
        this.disk = DiskCache.builder(settings.cacheDir(), objectStore)
                .config(service.cache())
                .maxSizeBytes(settings.cacheMaxBytes())
                .open();
        this.shared = new SharedContext(settings.workerId(), service.name(), disk, new MemoryStore(service.memoryBytes()));
        this.runner = new RequestRunner(service.requestHandler(), service.stickyKey(), shared,
                settings.kafka().maxRecordBytes() - 4096);
        this.consumer = new KafkaConsumer<>(settings.kafka().workerConsumer(
                Topics.workerGroup(service.name()), settings.workerId(), service.concurrency()));
        this.producer = new KafkaProducer<>(settings.kafka().producer(settings.workerId()));
        this.offsets = new OffsetTracker(consumer);
        this.heartbeats = new HeartbeatPublisher(settings.workerId(), producer, settings.heartbeatInterval(),
                this::heartbeat, this::checkpoint);
        this.pollThread = Thread.ofPlatform().name("memrun-worker-" + settings.workerId()).unstarted(this::pollLoop);
    }

    /**
     * Starts a worker: it joins the group and serves until {@link #close()}.
     *
     * @param objectStore where cache misses are fetched; the worker owns it from now on and closes it
     */
    public static Worker start(WorkerSettings settings, MemoryService service, ObjectStore objectStore) throws Exception {
        try (TopicAdmin admin = new TopicAdmin(settings.kafka())) {
            admin.ensureTopic(Heartbeat.TOPIC, 1);
        }
        Worker w = new Worker(settings, service, objectStore);
        w.consumer.subscribe(List.of(Topics.requests(service.name())), w.new Rebalance());
        w.pollThread.start();
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
        return assigned;
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
        shared.resetMemory(new MemoryStore(next.memoryBytes()));
        runner.swap(next.requestHandler());
    }

    private Heartbeat heartbeat(boolean stopping) {
        CacheStats c = cacheStats();
        return new Heartbeat(settings.workerId(), service.name(), settings.revision(), HOST,
                assigned.stream().sorted().toList(), offsets.inFlight(),
                new Heartbeat.CacheCounters(c.hits(), c.misses(), c.bytesFetched(), c.bytesOnDisk(), c.items(),
                        c.evictions(), c.memoryHits(), c.memoryMisses()),
                System.currentTimeMillis(), settings.heartbeatInterval().toMillis(), stopping);
    }

    /** So that a crash loses at most one interval of cache index changes. */
    private void checkpoint() {
        try {
            disk.persistIndex();
        } catch (java.io.IOException e) {
            LOG.debug("cache index checkpoint failed: {}", e.getMessage());
        }
    }

    private void pollLoop() {
        try {
            while (running) {
                offsets.applyCompletions(true);
                dispatchBacklog();
                // Full: stop fetching rather than queue without bound; the broker keeps the rest.
                if (!backlog.isEmpty() || offsets.inFlight() >= service.concurrency()) {
                    consumer.pause(consumer.assignment());
                } else if (!consumer.paused().isEmpty()) {
                    consumer.resume(consumer.paused());
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(offsets.inFlight() > 0 ? 5 : 100))) {
                    backlog.add(r);
                }
                dispatchBacklog();
            }
            drainUnlessCrashed();
        } catch (WakeupException e) {
            drainUnlessCrashed();
        } catch (RuntimeException e) {
            LOG.error("worker {} stopped on an unexpected error", settings.workerId(), e);
        } finally {
            try {
                // A clean stop leaves the group so its partitions move at once; a simulated crash
                // stays a (silent) static member, exactly as a killed process would.
                consumer.close(CloseOptions.groupMembershipOperation(crashed
                                ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
                                : CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(Duration.ofSeconds(5)));
            } catch (RuntimeException e) {
                LOG.debug("consumer close failed", e);
            }
            stopped.countDown();
        }
    }

    private void dispatchBacklog() {
        while (!backlog.isEmpty() && offsets.inFlight() < service.concurrency()) {
            ConsumerRecord<String, byte[]> r = backlog.removeFirst();
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            offsets.dispatched(tp, r.offset());
            handlers.execute(() -> {
                try {
                    handle(tp, r);
                } catch (Throwable t) {
                    // Never leak a slot: without a reply the offset stays uncommitted and the request is redelivered.
                    LOG.error("request at {}@{} failed without a reply", tp, r.offset(), t);
                    offsets.abandoned();
                }
            });
        }
    }

    /** Runs one request on a handler thread and produces its reply. */
    private void handle(TopicPartition tp, ConsumerRecord<String, byte[]> r) {
        String requestId = WireHeaders.text(r.headers(), WireHeaders.REQUEST_ID);
        String replyTo = WireHeaders.text(r.headers(), WireHeaders.REPLY_TO);
        if (requestId == null || replyTo == null) {
            LOG.warn("skipping record {}@{} without {} / {} headers", tp, r.offset(), WireHeaders.REQUEST_ID, WireHeaders.REPLY_TO);
            offsets.done(tp, r.offset());
            return;
        }
        long now = System.currentTimeMillis();
        long deadlineMs = parseLong(WireHeaders.text(r.headers(), WireHeaders.DEADLINE), now + 30_000);
        long sentAtUs = parseLong(WireHeaders.text(r.headers(), WireHeaders.SENT_AT), -1);
        double queueMs = sentAtUs < 0 ? 0 : Math.max(0, (epochMicros() - sentAtUs) / 1000.0);
        // Nobody waits for a request whose deadline passed while it was queued: answer it without
        // spending a handler slot on it (the reply is dropped and counted at the gateway).
        Reply reply = now > deadlineMs
                ? runner.expired(queueMs)
                : runner.run(requestId, r.partition(), r.key(), r.value(), deadlineMs, queueMs);
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(replyTo, null, requestId, reply.body());
        WireHeaders.put(out.headers(), WireHeaders.REQUEST_ID, requestId);
        WireHeaders.put(out.headers(), WireHeaders.STATUS, Integer.toString(reply.status()));
        WireHeaders.put(out.headers(), WireHeaders.WORKER, settings.workerId());
        WireHeaders.put(out.headers(), WireHeaders.PARTITION, Integer.toString(r.partition()));
        WireHeaders.put(out.headers(), WireHeaders.CACHE, reply.cache());
        WireHeaders.put(out.headers(), WireHeaders.TIMING, Timing.encode(reply.timingMs()));
        WireHeaders.put(out.headers(), WireHeaders.CONTENT_TYPE, WireHeaders.JSON);
        try {
            producer.send(out, (md, ex) -> {
                if (ex == null) {
                    offsets.done(tp, r.offset());
                } else {
                    // The producer retried until its delivery timeout; leave the offset uncommitted.
                    LOG.warn("reply for request {} was not delivered: {}", requestId, ex.getMessage());
                    offsets.abandoned();
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("reply for request {} could not be sent: {}", requestId, e.getMessage());
            offsets.abandoned();
        }
    }

    private void drainUnlessCrashed() {
        if (crashed) {
            return;
        }
        backlog.clear(); // not started: left for redelivery to whoever owns the partition next
        long until = System.nanoTime() + settings.drainTimeout().toNanos();
        while (offsets.inFlight() > 0 && System.nanoTime() < until) {
            offsets.applyCompletions(false);
            sleepQuietly(5);
        }
        producer.flush();
        offsets.applyCompletions(false);
        offsets.commit(true);
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long parseLong(String s, long fallback) {
        if (s == null) {
            return fallback;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    /**
     * Stops abruptly, as a killed process would: no drain, no commit, no goodbye to the group (its
     * partitions wait for the session timeout, then move), replies of running requests abandoned
     * (they are redelivered). The disk cache keeps what its last checkpoint recorded. For dev
     * mode's "kill a worker" and for tests.
     */
    public void crash() {
        crashed = true;
        running = false;
        heartbeats.stop();
        consumer.wakeup();
        awaitStopped(Duration.ofSeconds(10));
        handlers.shutdownNow();
        producer.close(Duration.ZERO);
        objectStore.close();
    }

    /**
     * Stops fetching, finishes in-flight requests (bounded by the drain timeout), commits, leaves
     * the group, says goodbye to the control plane and releases the cache (writing its index).
     */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        awaitStopped(settings.drainTimeout().plusSeconds(10));
        handlers.shutdownNow();
        heartbeats.close();
        producer.close(Duration.ofSeconds(5));
        disk.close();
        objectStore.close();
    }

    private void awaitStopped(Duration timeout) {
        try {
            if (!stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("worker {} did not stop within {}", settings.workerId(), timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Keeps offsets honest across rebalances. Runs on the poll thread, inside poll(). */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Stop taking work from these partitions, give running requests a bounded chance to
            // finish, and commit what finished; the rest is redelivered to the new owner and the
            // gateway drops whichever reply comes second.
            backlog.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
            long until = System.nanoTime() + REVOKE_WAIT.toNanos();
            while (running && offsets.inFlight(partitions) > 0 && System.nanoTime() < until) {
                offsets.applyCompletions(false);
                sleepQuietly(5);
            }
            offsets.applyCompletions(false);
            offsets.commit(true);
            offsets.forget(partitions);
            updateAssigned();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            updateAssigned();
            LOG.debug("worker {} assigned {}", settings.workerId(), partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            backlog.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
            offsets.forget(partitions);
            updateAssigned();
        }

        private void updateAssigned() {
            Set<Integer> now = new HashSet<>();
            consumer.assignment().forEach(tp -> now.add(tp.partition()));
            assigned = Set.copyOf(now);
            heartbeats.nudge(); // tell the control plane at once, not at the next tick
        }
    }
}
