package io.memrun.dev.platform;

import io.memrun.runtime.lifecycle.Lifecycle;
import io.memrun.runtime.Versions;

import io.memrun.runtime.gateway.Gateway;
import io.memrun.runtime.gateway.RequestGuard;
import io.memrun.runtime.gateway.GatewaySettings;
import io.memrun.runtime.gateway.PlatformInfo;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectStoreSettings;
import io.memrun.runtime.registry.ServiceRecord;
import io.memrun.runtime.registry.ServiceRegistry;
import io.memrun.runtime.wire.KafkaSettings;
import io.memrun.runtime.wire.TopicAdmin;
import io.memrun.runtime.wire.Topics;
import io.memrun.runtime.worker.Worker;
import io.memrun.runtime.worker.WorkerSettings;
import io.memrun.sdk.MemoryService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform half of {@code memrun dev}, on a broker and object store that already run: the
 * service's request topic, its registry entry, the gateway and N local workers, each worker with
 * its own cache directory standing in for its NVMe disk. Integration tests run it on the shared
 * embedded broker and store.
 */
public final class LocalPlatform implements AutoCloseable, WorkerControl {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPlatform.class);

    private final Lifecycle started = new Lifecycle();
    private final Map<String, Worker> workers = new ConcurrentSkipListMap<>();
    private final Map<String, WorkerSettings> workerSettings = new ConcurrentSkipListMap<>();
    private MemoryService service;
    private ObjectStoreSettings storeSettings;
    private NetworkProfile network;
    private Duration drainTimeout = Duration.ofSeconds(20);
    private volatile boolean servedOnce;
    private volatile boolean ready;
    private Gateway gateway;
    private ServiceRecord record;
    private volatile LocalHandoff.Report lastHandoff;

    private LocalPlatform() {
    }

    /**
     * Starts the platform for one service. If a step fails, the steps before it are stopped and
     * the failure is rethrown.
     *
     * @param registry the control plane's registry; not closed by this platform
     * @param workDir where the workers' cache directories go ({@code workDir/workers/w<i>/cache})
     */
    public static LocalPlatform start(MemoryService service, Options options, KafkaSettings kafka,
                                      ObjectStoreSettings store, ServiceRegistry registry, Path workDir) throws Exception {
        LocalPlatform p = new LocalPlatform();
        try {
            p.startAll(service, options, kafka, store, registry, workDir);
            return p;
        } catch (Exception | Error e) {
            p.closeAfterFailedStart(e);
            throw e;
        }
    }

    private void startAll(MemoryService service, Options options, KafkaSettings kafka, ObjectStoreSettings store,
                          ServiceRegistry registry, Path workDir) throws Exception {
        TopicAdmin admin = new TopicAdmin(kafka);
        started.adopt(admin);
        int partitions = registry.find(service.name()).map(ServiceRecord::partitions)
                .orElse(Topics.partitionsFor(service.maxWorkers()));
        partitions = admin.ensureTopic(Topics.requests(service.name()), partitions);
        record = registry.register(service, partitions);

        this.service = service;
        this.storeSettings = store;
        this.network = options.network();
        this.drainTimeout = options.drainTimeout();
        PlatformInfo info = new PlatformInfo(Versions.memrun(), "dev", store.endpoint(), store.region(), kafka.bootstrapServers());
        // Only a loopback-bound gateway is for local tools alone (see LocalOnlyGuard).
        RequestGuard guard = LocalOnlyGuard.isLoopback(options.http().host()) ? new LocalOnlyGuard() : RequestGuard.NONE;
        gateway = Gateway.start(options.http(), kafka, admin, registry, info, this::serving, List.of(new DevRoutes(this)), guard);
        started.adopt(gateway);

        long cacheBudget = options.workerDisk().orElse(Math.min(service.diskBytes(), service.cache().maxSizeBytes()));
        for (int i = 0; i < options.workers(); i++) {
            Path cacheDir = CacheDirs.current(workDir.resolve("workers").resolve("w" + i)).resolve(service.name());
            WorkerSettings ws = new WorkerSettings(service.name() + "-w" + i, kafka, cacheDir, cacheBudget,
                    options.drainTimeout(), options.heartbeatInterval(), record.revision());
            workerSettings.put(ws.workerId(), ws);
            workers.put(ws.workerId(), startWorker(ws));
        }
        ready = true;
        // Return once the workers own their partitions, as /health reports (bounded: a slow group
        // join only delays the first answers; /health turns 200 when it completes).
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!serving() && System.nanoTime() < until) {
            Thread.sleep(10);
        }
    }

    /** Each local worker reaches the store through its own client, behind the simulated network if one is set. */
    private Worker startWorker(WorkerSettings ws) throws Exception {
        return Worker.start(ws, service, SimulatedNetworkStore.wrap(ObjectStore.create(storeSettings), network));
    }

    /**
     * How the local platform runs.
     *
     * @param workers local workers
     * @param http the gateway's settings
     * @param heartbeatInterval how often workers report (10 s by default)
     * @param drainTimeout how long a stopping worker waits for in-flight requests (10 s by default)
     * @param workerDisk each worker's cache budget in bytes, overriding the service's disk (the
     *     simulated NVMe); empty to use {@code min(disk, cache maxSizeBytes)}
     * @param network the simulated distance to the object store
     */
    public record Options(int workers, GatewaySettings http, Duration heartbeatInterval, Duration drainTimeout,
                          java.util.OptionalLong workerDisk, NetworkProfile network) {
        /** {@code workers} workers, the gateway on {@code http}, default intervals, no simulation. */
        public static Options of(int workers, GatewaySettings http) {
            return new Options(workers, http, WorkerSettings.DEFAULT_HEARTBEAT, Duration.ofSeconds(10),
                    java.util.OptionalLong.empty(), NetworkProfile.local());
        }

        /** The same with another heartbeat interval. */
        public Options heartbeat(Duration interval) {
            return new Options(workers, http, interval, drainTimeout, workerDisk, network);
        }

        /** The same with each worker's cache budget set to {@code bytes}. */
        public Options workerDisk(long bytes) {
            return new Options(workers, http, heartbeatInterval, drainTimeout, java.util.OptionalLong.of(bytes), network);
        }

        /** The same with the object store behind a simulated network. */
        public Options network(NetworkProfile profile) {
            return new Options(workers, http, heartbeatInterval, drainTimeout, workerDisk, profile);
        }
    }

    /**
     * What {@code /health} reports: up once every worker has had its first partitions, so a 200
     * means requests are served at once rather than waiting for the group to form (after a crash
     * of the whole stack that took seconds). Later rebalances (a killed worker) do not flip it.
     */
    private boolean serving() {
        if (!ready) {
            return false;
        }
        if (!servedOnce) {
            servedOnce = !workers.isEmpty() && workers.values().stream().noneMatch(w -> w.partitions().isEmpty());
        }
        return servedOnce;
    }

    /** Whether the gateway and workers are up. */
    public boolean ready() {
        return ready;
    }

    /** The gateway's HTTP port. */
    public int httpPort() {
        return gateway.port();
    }

    /** The gateway. */
    public Gateway gateway() {
        return gateway;
    }

    /** The service as registered. */
    public ServiceRecord service() {
        return record;
    }

    /** The local workers running now. */
    public List<Worker> workers() {
        return List.copyOf(workers.values());
    }

    /**
     * Hot reload: serves {@code next}'s handler from now on, on the running workers, keeping their
     * disk caches warm. Refused (nothing changes) if the sticky key or the service name differ,
     * because keys would move to other partitions and cold-start every cache.
     *
     * @return the new registry record (revision + 1)
     * @throws IllegalArgumentException saying what changed, if routing would change
     */
    public synchronized ServiceRecord reload(MemoryService next, ServiceRegistry registry) throws java.sql.SQLException {
        if (!next.name().equals(service.name())) {
            throw new IllegalArgumentException("the service is now named '" + next.name() + "' instead of '"
                    + service.name() + "'; restart memrun dev to run a different service");
        }
        if (!next.stickyKey().equals(service.stickyKey())) {
            throw new IllegalArgumentException("the sticky key changed from " + service.stickyKey() + " to "
                    + next.stickyKey() + ": keys would move to other workers and every cache would go cold."
                    + " Not applied; restart memrun dev to apply it");
        }
        int partitions = record.partitions();
        if (io.memrun.runtime.wire.Topics.partitionsFor(next.maxWorkers()) != io.memrun.runtime.wire.Topics.partitionsFor(service.maxWorkers())) {
            LOG.warn("maxWorkers changed from {} to {}; the request topic keeps its {} partitions (changing them would move keys)",
                    service.maxWorkers(), next.maxWorkers(), partitions);
        }
        record = registry.register(next, partitions);
        for (Worker w : workers.values()) {
            w.reload(next);
        }
        service = next;
        return record;
    }

    @Override
    public Set<String> ids() {
        return Set.copyOf(workerSettings.keySet());
    }

    @Override
    public synchronized void kill(String workerId) {
        Worker w = workers.remove(workerId);
        if (w != null) {
            w.crash();
            LOG.info("worker {} killed", workerId);
        }
    }

    /**
     * Replaces a worker with a new one of the same id running the current revision. A running worker
     * is replaced by a warm handoff ({@link LocalHandoff}): the successor, on the worker's other cache
     * directory, fetches the predecessor's hot set before it takes the same partitions, so the keys it
     * serves stay warm and the other workers see no rebalance. A killed worker is simply started
     * again on its directory (its cache as the last checkpoint left it).
     */
    @Override
    public synchronized void restart(String workerId) throws Exception {
        WorkerSettings ws = workerSettings.get(workerId);
        if (ws == null) {
            throw new IllegalArgumentException("no local worker " + workerId);
        }
        Worker old = workers.get(workerId);
        if (old == null) {
            workers.put(workerId, startWorker(ws));
            LOG.info("worker {} restarted", workerId);
            return;
        }
        Path oldDir = ws.cacheDir();
        Path workerDir = oldDir.getParent().getParent();
        Path nextDir = CacheDirs.other(workerDir, oldDir.getParent()).resolve(service.name());
        CacheDirs.clear(nextDir.getParent());
        WorkerSettings next = new WorkerSettings(ws.workerId(), ws.kafka(), nextDir, ws.cacheMaxBytes(), ws.drainTimeout(),
                ws.heartbeatInterval(), record.revision(), ws.host());
        Worker successor = Worker.startStandby(next, service, SimulatedNetworkStore.wrap(ObjectStore.create(storeSettings), network));
        LocalHandoff.Report r;
        try {
            r = LocalHandoff.run(old, successor, next.cacheMaxBytes(), Duration.ofSeconds(60));
        } catch (Exception | Error e) {
            successor.close();
            if (old.phase().equals(io.memrun.runtime.wire.Heartbeat.HANDED_OFF)) {
                workers.remove(workerId); // it let go of its partitions: the group gives them to the others
                old.close();
            }
            throw e;
        }
        workers.put(workerId, successor);
        workerSettings.put(workerId, next);
        CacheDirs.makeCurrent(workerDir, nextDir.getParent());
        CacheDirs.clear(oldDir.getParent());
        lastHandoff = r;
        LOG.info("worker {} replaced by a warm handoff: {} of {} hot objects ({}) on disk in {} ms; partitions {} -> {}"
                        + " in {} ms", workerId, r.fetched(), r.objects(), io.memrun.sdk.Sizes.format(r.bytes()), r.warmMillis(),
                r.before(), r.after(), r.pauseMillis());
    }

    /** What the last warm handoff did, for tests and the bench. */
    LocalHandoff.Report lastHandoff() {
        return lastHandoff;
    }

    /** Stops what a failed start had started, in reverse, attaching their failures to {@code e}. */
    private void closeAfterFailedStart(Throwable e) {
        ready = false;
        for (Worker w : workers.values()) {
            try {
                w.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
        }
        workers.clear();
        started.closeAfter(e);
    }

    /**
     * Stops in the order that loses nothing: the gateway stops taking requests and waits for the
     * replies of those it accepted (the workers still serve them), then the workers drain and
     * stop, then the gateway closes. Failures are logged, not thrown.
     */
    @Override
    public void close() {
        ready = false;
        if (gateway != null) {
            try {
                int left = gateway.drain(drainTimeout);
                if (left > 0) {
                    LOG.warn("{} accepted request(s) still unanswered after {}; they run after a restart", left,
                            drainTimeout);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Worker w : workers.values()) {
            try {
                w.close();
            } catch (RuntimeException e) {
                LOG.warn("stopping worker {} failed: {}", w.id(), e.getMessage());
            }
        }
        workers.clear();
        started.close();
    }
}
