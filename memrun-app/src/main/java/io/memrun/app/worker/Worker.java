package io.memrun.app.worker;

import io.memrun.app.cache.CacheStats;
import io.memrun.app.cache.DiskCache;
import io.memrun.app.cache.MemoryStore;
import io.memrun.app.objectstore.ObjectStore;
import io.memrun.app.objectstore.SimulatedNetworkStore;
import io.memrun.app.json.Json;
import io.memrun.app.wire.Heartbeat;
import io.memrun.app.wire.Timing;
import io.memrun.app.wire.TopicAdmin;
import io.memrun.app.wire.Topics;
import io.memrun.app.wire.WireHeaders;
import io.memrun.sdk.MemoryService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
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
 * partition has its reply acknowledged by the broker. When all {@code concurrency} slots are busy
 * the worker pauses its partitions rather than queueing without bound.
 */
public final class Worker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    private static final String HOST = hostName();

    private final WorkerSettings settings;
    private final MemoryService service;
    private final ObjectStore objectStore;
    private final DiskCache disk;
    private final SharedContext shared;
    private final RequestRunner runner;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final ConcurrentLinkedQueue<Done> completed = new ConcurrentLinkedQueue<>();
    private final Map<TopicPartition, PartitionProgress> progress = new HashMap<>();
    private final List<ConsumerRecord<String, byte[]>> backlog = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread pollThread;
    private final ScheduledExecutorService ticker;
    private volatile boolean running = true;
    private volatile boolean crashed;
    private volatile Set<Integer> assigned = Set.of();

    private Worker(WorkerSettings settings, MemoryService service) throws Exception {
        this.settings = settings;
        this.service = service;
        this.objectStore = SimulatedNetworkStore.wrap(ObjectStore.create(settings.objectStore()), settings.network());
        this.disk = new DiskCache(settings.cacheDir(), settings.cacheMaxBytes(), service.cache().maxItems(), objectStore,
                System::currentTimeMillis);
        this.shared = new SharedContext(settings.workerId(), service.name(), disk, new MemoryStore(service.memoryBytes()));
        this.runner = new RequestRunner(service.requestHandler(), service.stickyKey(), shared,
                settings.kafka().maxRecordBytes() - 4096);
        this.consumer = new KafkaConsumer<>(settings.kafka().workerConsumer(
                Topics.workerGroup(service.name()), settings.workerId(), service.concurrency()));
        this.producer = new KafkaProducer<>(settings.kafka().producer(settings.workerId()));
        this.pollThread = Thread.ofPlatform().name("memrun-worker-" + settings.workerId()).unstarted(this::pollLoop);
        this.ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("memrun-heartbeat-" + settings.workerId()).factory());
    }

    /** Starts a worker: it joins the group and serves until {@link #close()}. */
    public static Worker start(WorkerSettings settings, MemoryService service) throws Exception {
        try (TopicAdmin admin = new TopicAdmin(settings.kafka())) {
            admin.ensureTopic(Heartbeat.TOPIC, 1);
        }
        Worker w = new Worker(settings, service);
        w.consumer.subscribe(List.of(Topics.requests(service.name())), w.new Rebalance());
        w.pollThread.start();
        long every = settings.heartbeatInterval().toMillis();
        w.ticker.scheduleAtFixedRate(w::tick, 0, every, TimeUnit.MILLISECONDS);
        return w;
    }

    /** This worker's id. */
    public String id() {
        return settings.workerId();
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

    /** Reports to the control plane and checkpoints the cache index. Runs on the ticker thread. */
    private void tick() {
        beat(false);
        try {
            disk.persistIndex();
        } catch (java.io.IOException | RuntimeException e) {
            LOG.debug("cache index checkpoint failed: {}", e.getMessage());
        }
    }

    private void beat(boolean stopping) {
        try {
            CacheStats c = cacheStats();
            Heartbeat hb = new Heartbeat(settings.workerId(), service.name(), settings.revision(), HOST,
                    assigned.stream().sorted().toList(), inFlight.get(),
                    new Heartbeat.CacheCounters(c.hits(), c.misses(), c.bytesFetched(), c.bytesOnDisk(), c.items(),
                            c.evictions(), c.memoryHits(), c.memoryMisses()),
                    System.currentTimeMillis(), settings.heartbeatInterval().toMillis(), stopping);
            producer.send(new ProducerRecord<>(Heartbeat.TOPIC, settings.workerId(), Json.mapper().writeValueAsBytes(hb)));
        } catch (Exception e) {
            LOG.debug("heartbeat not sent: {}", e.getMessage());
        }
    }

    private void pollLoop() {
        try {
            while (running) {
                drainCompleted();
                int free = service.concurrency() - inFlight.get();
                dispatchBacklog();
                Set<TopicPartition> assignment = consumer.assignment();
                if (!backlog.isEmpty() || free <= 0) {
                    consumer.pause(assignment);
                } else {
                    consumer.resume(consumer.paused());
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(inFlight.get() > 0 ? 5 : 100))) {
                    backlog.add(r);
                }
                dispatchBacklog();
            }
            if (!crashed) {
                drain(settings.drainTimeout());
            }
        } catch (WakeupException e) {
            if (!crashed) {
                drain(settings.drainTimeout());
            }
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
        while (!backlog.isEmpty() && inFlight.get() < service.concurrency()) {
            dispatch(backlog.remove(0));
        }
    }

    private void dispatch(ConsumerRecord<String, byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        progress.computeIfAbsent(tp, k -> new PartitionProgress()).dispatched(r.offset());
        inFlight.incrementAndGet();
        handlers.execute(() -> {
            try {
                handle(tp, r);
            } catch (Throwable t) {
                // Never leak a slot: without a reply the offset stays uncommitted and the request is redelivered.
                LOG.error("request at {}@{} failed without a reply", tp, r.offset(), t);
                inFlight.decrementAndGet();
            }
        });
    }

    private void handle(TopicPartition tp, ConsumerRecord<String, byte[]> r) {
        String requestId = WireHeaders.text(r.headers(), WireHeaders.REQUEST_ID);
        String replyTo = WireHeaders.text(r.headers(), WireHeaders.REPLY_TO);
        String deadline = WireHeaders.text(r.headers(), WireHeaders.DEADLINE);
        String sentAt = WireHeaders.text(r.headers(), WireHeaders.SENT_AT);
        long deadlineMs = parseLong(deadline, System.currentTimeMillis() + 30_000);
        double queueMs = sentAt == null ? 0 : Math.max(0, (currentMicros() - parseLong(sentAt, currentMicros())) / 1000.0);
        if (requestId == null || replyTo == null) {
            LOG.warn("skipping record {}-{}@{} without {} / {} headers", r.topic(), r.partition(), r.offset(),
                    WireHeaders.REQUEST_ID, WireHeaders.REPLY_TO);
            completed.add(new Done(tp, r.offset()));
            return;
        }
        // Nobody waits for a request whose deadline passed while it was queued: answer it without
        // spending a handler slot on it (the reply is dropped and counted at the gateway).
        Reply reply = System.currentTimeMillis() > deadlineMs
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
                if (ex != null) {
                    // Not marked done: the offset is not committed and the request is redelivered.
                    LOG.warn("reply for request {} was not delivered: {}", requestId, ex.getMessage());
                    inFlight.decrementAndGet();
                } else {
                    completed.add(new Done(tp, r.offset()));
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("reply for request {} could not be sent: {}", requestId, e.getMessage());
            inFlight.decrementAndGet();
        }
    }

    private void drainCompleted() {
        Done d;
        boolean any = false;
        while ((d = completed.poll()) != null) {
            inFlight.decrementAndGet();
            PartitionProgress p = progress.get(d.partition());
            if (p != null) {
                p.finished(d.offset());
            }
            any = true;
        }
        if (any) {
            commit(false);
        }
    }

    private void commit(boolean sync) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        progress.forEach((tp, p) -> {
            long next = p.takeCommittable();
            if (next >= 0) {
                offsets.put(tp, new OffsetAndMetadata(next));
            }
        });
        if (offsets.isEmpty()) {
            return;
        }
        if (sync) {
            try {
                consumer.commitSync(offsets, Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warn("commit failed; those requests will be redelivered: {}", e.getMessage());
            }
        } else {
            consumer.commitAsync(offsets, (o, e) -> {
                if (e != null) {
                    LOG.debug("async commit failed (a later commit covers it)", e);
                }
            });
        }
    }

    private void drain(Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        backlog.clear(); // not started: left for redelivery
        while (inFlight.get() > 0 && System.nanoTime() < until) {
            drainCompletedOnly();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        producer.flush();
        drainCompletedOnly();
        commit(true);
    }

    private void drainCompletedOnly() {
        Done d;
        while ((d = completed.poll()) != null) {
            inFlight.decrementAndGet();
            PartitionProgress p = progress.get(d.partition());
            if (p != null) {
                p.finished(d.offset());
            }
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown";
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

    private static long currentMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    /**
     * Stops fetching, finishes in-flight requests (bounded by the drain timeout), commits, leaves
     * the group and releases the cache (writing its index).
     */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            if (!stopped.await(settings.drainTimeout().toMillis() + 10_000, TimeUnit.MILLISECONDS)) {
                LOG.warn("worker {} did not stop in time", settings.workerId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        handlers.shutdownNow();
        ticker.shutdownNow();
        beat(true);
        producer.close(Duration.ofSeconds(5));
        disk.close();
        objectStore.close();
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
        ticker.shutdownNow();
        consumer.wakeup();
        try {
            stopped.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        handlers.shutdownNow();
        producer.close(Duration.ZERO);
        objectStore.close();
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

    /** The settings this worker runs with (to restart it with the same identity). */
    public WorkerSettings settings() {
        return settings;
    }

    private record Done(TopicPartition partition, long offset) {
    }

    /** Keeps offsets honest across rebalances. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Commit what is finished; unfinished requests on these partitions are redelivered to
            // the new owner, and the gateway drops whichever reply comes second.
            drainCompletedOnly();
            commit(true);
            partitions.forEach(progress::remove);
            backlog.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
            updateAssigned();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            updateAssigned();
            LOG.debug("worker {} assigned {}", settings.workerId(), partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(progress::remove);
            backlog.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
            updateAssigned();
        }

        private void updateAssigned() {
            Set<Integer> now = new HashSet<>();
            consumer.assignment().forEach(tp -> now.add(tp.partition()));
            assigned = Set.copyOf(now);
            try {
                ticker.execute(() -> beat(false)); // tell the control plane at once, not at the next tick
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // shutting down
            }
        }
    }
}
