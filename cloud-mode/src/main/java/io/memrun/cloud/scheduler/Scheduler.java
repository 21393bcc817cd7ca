package io.memrun.cloud.scheduler;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memrun.cloud.api.CloudRoutes;
import io.memrun.cloud.auth.AuthGuard;
import io.memrun.cloud.auth.Tokens;
import io.memrun.cloud.bootstrap.WorkerConfig;
import io.memrun.cloud.hetzner.HetznerCloud;
import io.memrun.cloud.hetzner.HetznerException;
import io.memrun.cloud.hetzner.Server;
import io.memrun.cloud.state.CloudState;
import io.memrun.cloud.state.CloudState.DesiredService;
import io.memrun.runtime.Versions;
import io.memrun.runtime.files.OwnerOnlyFiles;
import io.memrun.runtime.gateway.ApiException;
import io.memrun.runtime.gateway.Gateway;
import io.memrun.runtime.gateway.GatewaySettings;
import io.memrun.runtime.gateway.PlatformInfo;
import io.memrun.runtime.json.Json;
import io.memrun.runtime.lifecycle.Lifecycle;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.registry.ServiceRecord;
import io.memrun.runtime.registry.ServiceRegistry;
import io.memrun.runtime.registry.WorkerRecord;
import io.memrun.runtime.wire.TopicAdmin;
import io.memrun.runtime.wire.Topics;
import io.memrun.sdk.MemoryService;
import io.memrun.sdk.Sizes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code memrun cloud up}: the runtime's gateway and control plane, plus what cloud mode adds: the
 * state database, the Hetzner client, the user's topics and store, tokens, and the reconcile loop
 * that provisions, repairs and removes worker servers. Started in order; a failed start closes
 * what was opened, in reverse.
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    /** The largest artifact upload. */
    static final long MAX_ARTIFACT_BYTES = 512L << 20;

    private final SchedulerSettings settings;
    private final Lifecycle lifecycle = new Lifecycle();
    private CloudState state;
    private ServiceRegistry registry;
    private HetznerCloud hetzner;
    private ObjectStore store;
    private TopicAdmin admin;
    private CloudTopics topics;
    private Artifacts artifacts;
    private ServerTypes types;
    private String jarSha;
    private Gateway gateway;
    /** Null until the gateway (which the reconciler's provisioner needs the address of) is up. */
    private volatile Reconciler reconciler;
    private Path adminTokenFile;
    private URI url;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running = true;
    private volatile String lastRoundError = "";

    private Scheduler(SchedulerSettings settings) {
        this.settings = settings;
    }

    /**
     * Starts a scheduler.
     *
     * @param adminToken the admin token to accept ({@code MEMRUN_ADMIN_TOKEN}); empty: one is
     *     generated into {@code <data-dir>/admin-token} (mode 0600) on first start and reused
     * @param bundled the services bundled in this build, deployed when no artifact is given
     * @throws IllegalStateException with what to fix if Hetzner rejects the token, or the store or
     *     broker cannot be reached
     */
    public static Scheduler start(SchedulerSettings settings, Optional<String> adminToken,
                                  Supplier<List<MemoryService>> bundled) throws Exception {
        Scheduler s = new Scheduler(settings);
        try {
            s.open(adminToken, bundled);
            return s;
        } catch (Exception | Error e) {
            s.lifecycle.closeAfter(e);
            throw e;
        }
    }

    private void open(Optional<String> adminToken, Supplier<List<MemoryService>> bundled) throws Exception {
        Files.createDirectories(settings.dataDir());
        state = lifecycle.open(() -> CloudState.open(settings.dataDir()));
        registry = lifecycle.open(() -> ServiceRegistry.open(settings.dataDir()));
        hetzner = lifecycle.open(() -> HetznerCloud.create(settings.hetzner()));
        types = new ServerTypes(hetzner, settings.location());
        try {
            if (types.all().stream().noneMatch(t -> t.priceIn(settings.location()).isPresent())) {
                throw new IllegalStateException("Hetzner sells no server type in location '" + settings.location()
                        + "': pick another with --location (fsn1, nbg1, hel1, ash, hil, sin)");
            }
        } catch (HetznerException e) {
            if (e.isUnauthorized()) {
                throw new IllegalStateException("Hetzner rejected the token: set HCLOUD_TOKEN to an API token of your"
                        + " project with read & write access");
            }
            throw new IllegalStateException("the Hetzner API at " + settings.hetzner().endpoint() + " failed: " + e.getMessage(), e);
        }
        store = lifecycle.open(() -> ObjectStore.create(settings.store()));
        store.ensureBucket(settings.bucket());
        admin = lifecycle.open(() -> new TopicAdmin(settings.kafka()));
        if (!admin.reachable(15_000)) {
            throw new IllegalStateException("the Kafka cluster at " + settings.kafka().bootstrapServers() + " does not answer");
        }
        topics = new CloudTopics(admin, settings.kafka().maxRecordBytes());
        topics.ensureShared();
        artifacts = new Artifacts(store, settings.bucket(), settings.dataDir().resolve("artifacts"), bundled);
        jarSha = artifacts.putWorkerJar(settings.workerJar());
        registerAdminToken(adminToken);
        PlatformInfo info = new PlatformInfo(Versions.memrun(), "cloud", settings.store().endpoint(), settings.store().region(),
                settings.kafka().bootstrapServers(), Map.of("hetzner_api", settings.hetzner().endpoint().toString(),
                "cluster", settings.cluster()));
        GatewaySettings http = new GatewaySettings(settings.httpHost(), settings.httpPort(), settings.maxBodyBytes(),
                GatewaySettings.defaults(settings.httpHost(), settings.httpPort()).defaultDeadline());
        OrderSender orders = lifecycle.adopt(new OrderSender(settings.kafka()));
        lifecycle.open(() -> LogCollector.start(state, settings.kafka(), topics.replication()));
        gateway = lifecycle.open(() -> Gateway.start(http, settings.kafka(), admin, registry, info, () -> running,
                List.of(new CloudRoutes(this)), new AuthGuard(state), MAX_ARTIFACT_BYTES));
        url = settings.advertiseUrl().orElse(URI.create("http://127.0.0.1:" + gateway.port()));
        Provisioner provisioner = new Provisioner(settings, state, hetzner, artifacts, jarSha, url);
        SlotHandoff handoff = new SlotHandoff(settings.rollout(), state, store, settings.bucket(), orders);
        reconciler = new Reconciler(settings, state, registry, hetzner, admin, provisioner, types, this, handoff);
        Thread loop = Thread.ofPlatform().name("memrun-reconciler").daemon().start(this::loop);
        AutoCloseable stopLoop = () -> {
            running = false;
            wake.release();
            loop.join(30_000);
        };
        lifecycle.adopt(stopLoop);
    }

    /** The shortest admin token accepted: 32 characters. */
    static final int MIN_TOKEN_LENGTH = 32;

    private void registerAdminToken(Optional<String> given) throws Exception {
        String token;
        if (given.isPresent()) {
            token = given.get();
            adminTokenFile = null;
        } else {
            adminTokenFile = settings.dataDir().resolve("admin-token");
            if (Files.exists(adminTokenFile)) {
                token = Files.readString(adminTokenFile).trim();
            } else {
                token = Tokens.generate(Tokens.ADMIN);
                OwnerOnlyFiles.write(adminTokenFile, (token + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        if (token.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("the admin token must be at least " + MIN_TOKEN_LENGTH + " characters"
                    + (given.isPresent() ? " (MEMRUN_ADMIN_TOKEN)" : " (" + adminTokenFile + ": delete it to get a new one)"));
        }
        // One admin token at a time: an earlier one (another MEMRUN_ADMIN_TOKEN, a deleted file) stops working.
        state.replaceAdminToken(Tokens.hash(token));
    }

    private void loop() {
        while (running) {
            try {
                reconciler.round();
                lastRoundError = "";
            } catch (Exception e) {
                lastRoundError = e.getMessage() == null ? e.toString() : e.getMessage();
                LOG.warn("reconcile round failed (retrying): {}", lastRoundError);
            }
            try {
                long waitMs = reconciler.urgent() ? Math.min(250, settings.reconcileInterval().toMillis())
                        : settings.reconcileInterval().toMillis();
                wake.tryAcquire(waitMs, TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Asks the reconciler for a round now. */
    public void wake() {
        wake.release();
    }

    /** The gateway's HTTP port. */
    public int port() {
        return gateway.port();
    }

    /** Where workers (and clients) reach this scheduler. */
    public URI url() {
        return url;
    }

    /** The file holding the generated admin token, if this scheduler generated one. */
    public Optional<Path> adminTokenFile() {
        return Optional.ofNullable(adminTokenFile);
    }

    // ---- operations behind the HTTP API (CloudRoutes) ----

    /** Stores an uploaded artifact; returns its SHA-256. */
    public String uploadArtifact(String kind, InputStream body) throws IOException {
        return artifacts.put(kind, body, MAX_ARTIFACT_BYTES);
    }

    /** What a deploy did. */
    public record Deployed(String service, int revision, int workers, int partitions, String serverType,
                           String hourlyPricePerWorker) {
    }

    /**
     * Deploys (or redeploys) the service an artifact declares with {@code workers} workers.
     *
     * @param serviceName which service, when the artifact deploys several; empty for its only one
     * @throws ApiException 400 with what to fix for an artifact that does not load, an unknown
     *     service, or a worker count above {@code maxWorkers} or the topic's partitions
     */
    public synchronized Deployed deploy(String sha, String kind, int workers, Optional<String> serviceName) throws Exception {
        return deploy(sha, kind, workers, serviceName, false, settings.rollout().warmHandoff(), true);
    }

    /**
     * As {@link #deploy(String, String, int, Optional)}; a redeploy rolls one slot at a time with a
     * warm handoff ({@code warm} false: successors take over cold), and with {@code canary} pauses
     * after the first slot until {@link #promote}.
     *
     * @throws ApiException 409 while another rollout of the service is under way
     */
    public synchronized Deployed deploy(String sha, String kind, int workers, Optional<String> serviceName, boolean canary,
                                        boolean warm) throws Exception {
        return deploy(sha, kind, workers, serviceName, canary, warm, true);
    }

    private Deployed deploy(String sha, String kind, int workers, Optional<String> serviceName, boolean canary,
                            boolean warm, boolean revertible) throws Exception {
        if (!Artifacts.KINDS.contains(kind)) {
            throw new ApiException(400, "bad request", "artifact kind must be one of " + Artifacts.KINDS);
        }
        List<MemoryService> services;
        try {
            services = artifacts.load(sha, kind);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "artifact does not load", e.getMessage());
        }
        MemoryService svc = pick(services, serviceName);
        Optional<DesiredService> existing = state.service(svc.name());
        if (existing.isPresent() && existing.get().destroying()) {
            throw new ApiException(409, "being destroyed", "service '" + svc.name() + "' is being destroyed; deploy it again"
                    + " once `memrun cloud status` no longer lists it");
        }
        Optional<CloudState.Rollout> running = state.rollout(svc.name()).filter(r -> r.state().active());
        if (running.isPresent() && existing.isPresent()) {
            CloudState.Rollout r = running.get();
            throw new ApiException(409, "rollout in progress", "revision " + r.toRevision() + " of " + svc.name() + " is "
                    + r.state().name().toLowerCase(java.util.Locale.ROOT) + " (since " + r.startedAt() + "); deploy again once"
                    + " `memrun cloud status " + svc.name() + " --events` says it is done"
                    + (r.state() == CloudState.RolloutState.PAUSED ? ", or `memrun cloud promote " + svc.name() + "`" : ""));
        }
        int partitions = registry.find(svc.name()).map(ServiceRecord::partitions).orElse(Topics.partitionsFor(svc.maxWorkers()));
        checkWorkers(svc.name(), workers, svc.maxWorkers(), partitions);
        ServerTypeChoice.Choice type;
        try {
            type = types.choose(svc.memoryBytes(), svc.diskBytes());
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "no server type fits", e.getMessage());
        }
        try {
            topics.ensureRequests(Topics.requests(svc.name()), partitions);
        } catch (IllegalStateException e) {
            throw new ApiException(409, "topic mismatch", e.getMessage());
        }
        ServiceRecord rec = registry.register(svc, partitions);
        int from = existing.map(DesiredService::revision).orElse(0);
        state.recordRevision(svc.name(), rec.revision(), sha, kind);
        state.putService(svc.name(), sha, kind, workers, rec.revision());
        state.startRollout(svc.name(), from, rec.revision(), canary && from > 0, warm, revertible);
        if (canary && from == 0) {
            state.event(svc.name(), "canary ignored: a first deploy has no slots to keep on an older revision");
        }
        state.event(svc.name(), "deploy: revision " + rec.revision() + ", " + workers + " worker(s) on " + type.type().name()
                + " at " + type.hourlyNet().stripTrailingZeros().toPlainString() + " EUR/h each (memory " + Sizes.format(svc.memoryBytes()) + ", disk "
                + Sizes.format(svc.diskBytes()) + ")");
        wake();
        return new Deployed(svc.name(), rec.revision(), workers, partitions, type.type().name(), type.hourlyNet().stripTrailingZeros().toPlainString());
    }

    private static MemoryService pick(List<MemoryService> services, Optional<String> name) {
        if (name.isPresent()) {
            return services.stream().filter(s -> s.name().equals(name.get())).findFirst()
                    .orElseThrow(() -> new ApiException(400, "unknown service", "the artifact deploys "
                            + services.stream().map(MemoryService::name).toList() + ", not '" + name.get() + "'"));
        }
        if (services.size() > 1) {
            throw new ApiException(400, "several services", "the artifact deploys "
                    + services.stream().map(MemoryService::name).toList() + ": name one with --service");
        }
        return services.get(0);
    }

    private static void checkWorkers(String service, int workers, int maxWorkers, int partitions) {
        if (workers < 0) {
            throw new ApiException(400, "bad request", "workers must be 0 or more, was " + workers);
        }
        if (workers > maxWorkers) {
            throw new ApiException(400, "too many workers", service + " declares maxWorkers(" + maxWorkers + "); asked for "
                    + workers + ": raise maxWorkers in the service and deploy it again");
        }
        if (workers > partitions) {
            throw new ApiException(400, "too many workers", "topic " + Topics.requests(service) + " has " + partitions
                    + " partitions; more workers than partitions would sit idle");
        }
    }

    /** Continues a canary rollout paused after its first slot. */
    public synchronized void promote(String name) throws Exception {
        known(name);
        Optional<CloudState.Rollout> r = state.rollout(name);
        if (r.isEmpty() || r.get().state() != CloudState.RolloutState.PAUSED) {
            throw new ApiException(409, "nothing to promote", "no canary of " + name + " is waiting"
                    + r.map(x -> " (its last rollout is " + x.state().name().toLowerCase(java.util.Locale.ROOT) + ")").orElse(""));
        }
        state.promote(name);
        state.event(name, "promote: rolling revision " + r.get().toRevision() + " out to the other slots");
        wake();
    }

    /**
     * Deploys an earlier revision's artifact again, as a new revision, by the same rolling warm
     * handoff. {@code to} empty: the revision before the current one.
     */
    public synchronized Deployed rollback(String name, Optional<Integer> to) throws Exception {
        DesiredService d = known(name);
        List<CloudState.Revision> revisions = state.revisions(name);
        CloudState.Revision target;
        if (to.isPresent()) {
            target = revisions.stream().filter(r -> r.revision() == to.get()).findFirst()
                    .orElseThrow(() -> new ApiException(404, "unknown revision", name + " has revisions "
                            + revisions.stream().map(CloudState.Revision::revision).toList() + ", not " + to.get()));
        } else {
            target = revisions.stream().filter(r -> r.revision() < d.revision()
                            && !(r.artifactSha().equals(d.artifactSha()) && r.artifactKind().equals(d.artifactKind())))
                    .reduce((a, b) -> b)
                    .orElseThrow(() -> new ApiException(409, "nothing to roll back to", name + " has no earlier revision"
                            + " with another artifact"));
        }
        Optional<CloudState.Rollout> r = state.rollout(name);
        if (r.isPresent() && r.get().state() == CloudState.RolloutState.REVERTING) {
            throw new ApiException(409, "reverting", name + " is already going back to revision " + r.get().fromRevision());
        }
        boolean superseding = r.isPresent() && r.get().state().active();
        if (superseding) {
            // A rollout under way (or a paused canary) gives way to this rollback, which rolls from where the slots are.
            state.setRolloutState(name, CloudState.RolloutState.DONE);
        }
        Deployed deployed;
        try {
            // Not revertible: its "from" is the revision being taken back.
            deployed = deploy(target.artifactSha(), target.artifactKind(), d.workers(), Optional.of(name), false,
                    settings.rollout().warmHandoff(), false);
        } catch (Exception | Error e) {
            if (superseding) {
                state.setRolloutState(name, r.get().state()); // nothing changed: the rollout goes on as it was
            }
            throw e;
        }
        state.event(name, "rollback: revision " + deployed.revision() + " runs revision " + target.revision() + "'s artifact"
                + (superseding ? " (the rollout of revision " + r.get().toRevision() + " gives way)" : ""));
        return deployed;
    }

    /** Sets a service's worker count. */
    public synchronized void scale(String name, int workers) throws Exception {
        DesiredService d = known(name);
        ServiceRecord rec = registry.find(name).orElseThrow();
        checkWorkers(name, workers, rec.maxWorkers(), rec.partitions());
        state.setWorkers(name, workers);
        state.event(name, "scale: " + d.workers() + " -> " + workers + " worker(s)");
        wake();
    }

    /** Tears a service down: its servers are drained and deleted, then it is forgotten. */
    public synchronized void destroy(String name, boolean deleteTopics) throws Exception {
        known(name);
        state.markDestroying(name, deleteTopics);
        state.event(name, "destroy requested" + (deleteTopics ? " (topics too)" : ""));
        wake();
    }

    /** Tears every service down; returns their names (none: a no-op). */
    public synchronized List<String> destroyAll(boolean deleteTopics) throws Exception {
        List<String> names = state.services().stream().map(DesiredService::name).toList();
        for (String n : names) {
            state.markDestroying(n, deleteTopics);
        }
        wake();
        return names;
    }

    private DesiredService known(String name) throws Exception {
        return state.service(name).orElseThrow(() -> new ApiException(404, "unknown service",
                "no service named '" + name + "'; `memrun cloud status` lists the deployed ones"));
    }

    /** An invoke-only token for one service (shown once; stored hashed). */
    public String createInvokeToken(String service) throws Exception {
        known(service);
        String token = Tokens.generate(Tokens.INVOKE);
        state.addApiToken(Tokens.hash(token), "invoke", service);
        state.event(service, "invoke token created: " + Tokens.fingerprint(token));
        return token;
    }

    /**
     * A new server's enrollment: its single-use token for its configuration and credentials.
     *
     * @throws ApiException 401 for an unknown token, 403 for a token used twice, expired, or of
     *     another server, 409 for a server whose revision was superseded
     */
    public WorkerConfig enroll(String serverName, String token) throws Exception {
        Reconciler rounds = reconciler;
        if (rounds == null) {
            // Before the token is spent: the worker retries a 503.
            throw new ApiException(503, "starting", "the scheduler is starting; enroll again in a moment");
        }
        CloudState.Redeemed r = state.redeemBootstrapToken(Tokens.hash(token), serverName, Instant.now());
        switch (r.result()) {
            case OK -> {
            }
            case UNKNOWN -> throw new ApiException(401, "unknown token", "no such bootstrap token");
            case WRONG_SERVER -> throw new ApiException(403, "wrong server", "this token belongs to another server");
            case EXPIRED -> throw new ApiException(403, "token expired", "the bootstrap token expired; the scheduler"
                    + " replaces a server that does not enroll in time");
            case ALREADY_USED -> throw new ApiException(403, "token used", "this bootstrap token was already used");
            default -> throw new IllegalStateException(r.result().toString());
        }
        DesiredService d = known(r.service());
        if (d.revision() != r.revision()) {
            throw new ApiException(409, "superseded", "revision " + r.revision() + " of " + r.service()
                    + " was replaced by " + d.revision());
        }
        boolean standby = rounds.slotHasServingPredecessor(d.name(), r.slot(), serverName);
        state.event(d.name(), "slot s" + r.slot() + ": " + serverName + " enrolled" + (standby ? " (standby: its predecessor"
                + " still serves)" : ""));
        return new WorkerConfig(d.name(), r.slot(), ServerNames.workerId(d.name(), r.slot()), serverName, d.revision(),
                settings.kafka().bootstrapServers(), settings.kafka().clientProperties(),
                settings.kafka().maxRecordBytes() - io.memrun.runtime.wire.KafkaSettings.RECORD_OVERHEAD,
                settings.store().endpoint().toString(), settings.store().region(), settings.store().accessKey(),
                settings.store().secretKey(), artifacts.url(d.artifactSha(), d.artifactKind()).orElse(""),
                d.artifactKind().equals("bundled") ? "" : d.artifactSha(), d.artifactKind(),
                settings.heartbeatInterval().toMillis(), standby);
    }

    /**
     * A service's worker log lines after {@code afterId} (negative: the newest {@code limit}), oldest first,
     * only slot {@code slot} ({@code s0}, ...) if given.
     */
    public List<CloudState.LogLine> logs(String name, Optional<String> slot, long afterId, int limit) throws Exception {
        known(name);
        return state.logLines(name, slot, afterId, limit);
    }

    /** Services, slots, servers (Hetzner status, type, hourly price), heartbeat ages and partitions. */
    public ObjectNode status(Optional<String> only, int events) throws Exception {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("cluster", settings.cluster());
        root.put("hetzner_api", settings.hetzner().endpoint().toString());
        root.put("last_round_error", lastRoundError);
        hetzner.rateLimit().ifPresent(r -> root.putObject("hetzner_rate_limit").put("limit", r.limit())
                .put("remaining", r.remaining()));
        ArrayNode list = root.putArray("services");
        Reconciler rounds = reconciler;
        List<Server> servers = rounds == null ? List.of() : rounds.lastObserved(); // none observed yet while starting
        Instant now = Instant.now();
        for (DesiredService d : state.services()) {
            if (only.isPresent() && !only.get().equals(d.name())) {
                continue;
            }
            ObjectNode n = list.addObject();
            n.put("name", d.name());
            n.put("revision", d.revision());
            n.put("workers", d.workers());
            n.put("state", d.destroying() ? "destroying" : "active");
            n.put("artifact", d.artifactKind().equals("bundled") ? "bundled example" : d.artifactSha() + "." + d.artifactKind());
            registry.find(d.name()).ifPresent(rec -> n.put("partitions", rec.partitions())
                    .put("sticky_key", rec.stickyKey().toString()).put("max_workers", rec.maxWorkers()));
            List<WorkerRecord> heartbeats = registry.workers().forService(d.name());
            ArrayNode slots = n.putArray("servers");
            int serving = 0;
            for (Server s : servers) {
                if (!d.name().equals(s.labels().get(ServerNames.SERVICE))) {
                    continue;
                }
                ObjectNode sn = slots.addObject();
                sn.put("slot", "s" + s.labels().getOrDefault(ServerNames.SLOT, "?"));
                sn.put("server", s.name());
                sn.put("id", s.id());
                sn.put("status", s.status().toString().toLowerCase(java.util.Locale.ROOT));
                sn.put("type", s.serverType());
                sn.put("revision", ServerNames.intLabel(s.labels(), ServerNames.REVISION).orElse(0));
                types.all().stream().filter(t -> t.name().equals(s.serverType())).findFirst()
                        .flatMap(t -> t.priceIn(s.location()))
                        .ifPresent(p -> sn.put("hourly_eur", p.hourlyNet().stripTrailingZeros().toPlainString()));
                Optional<WorkerRecord> hb = Reconciler.heartbeatOf(s, heartbeats);
                if (hb.isPresent()) {
                    // "ok" once it heartbeats and owns partitions; before its first assignment it is joining.
                    String worker = hb.get().status(now);
                    if (worker.equals("ok") && hb.get().heartbeat().partitions().isEmpty()) {
                        worker = "joining";
                    }
                    sn.put("worker", worker);
                    sn.put("heartbeat_age_s", Duration.between(hb.get().receivedAt(), now).toMillis() / 1000.0);
                    sn.set("partitions", Json.mapper().valueToTree(hb.get().heartbeat().partitions()));
                    sn.put("phase", hb.get().heartbeat().phase());
                    if (hb.get().heartbeat().warmup() != null) {
                        sn.put("warmup", SlotHandoff.warmth(hb.get().heartbeat().warmup()));
                    }
                    sn.put("requests", hb.get().heartbeat().requests().answered())
                            .put("failed", hb.get().heartbeat().requests().failed());
                    if (worker.equals("ok") && hb.get().heartbeat().revision() == d.revision()) {
                        serving++;
                    }
                } else {
                    sn.put("worker", "booting");
                }
            }
            n.put("serving", serving);
            Optional<CloudState.Rollout> ro = state.rollout(d.name());
            if (ro.isPresent()) {
                ObjectNode rn = n.putObject("rollout");
                rn.put("from_revision", ro.get().fromRevision()).put("to_revision", ro.get().toRevision())
                        .put("state", ro.get().state().name().toLowerCase(java.util.Locale.ROOT))
                        .put("reason", ro.get().reason()).put("canary", ro.get().canary()).put("warm", ro.get().warm())
                        .put("started_at", ro.get().startedAt().toString());
                ro.get().finishedAt().ifPresent(f -> rn.put("finished_at", f.toString()));
            }
            ArrayNode ev = n.putArray("events");
            for (CloudState.Event e : state.events(d.name(), 0, events)) {
                ev.addObject().put("at", e.at().toString()).put("message", e.message());
            }
        }
        return root;
    }

    /** Stops the reconciler, then the gateway, then closes the clients and the databases. */
    @Override
    public void close() {
        running = false;
        lifecycle.close();
    }
}
