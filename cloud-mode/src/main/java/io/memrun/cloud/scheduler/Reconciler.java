package io.memrun.cloud.scheduler;

import io.memrun.cloud.hetzner.HetznerCloud;
import io.memrun.cloud.hetzner.HetznerException;
import io.memrun.cloud.hetzner.Server;
import io.memrun.cloud.hetzner.ServerStatus;
import io.memrun.cloud.state.CloudState;
import io.memrun.cloud.state.CloudState.DesiredService;
import io.memrun.cloud.state.CloudState.Rollout;
import io.memrun.cloud.state.CloudState.RolloutState;
import io.memrun.runtime.registry.ServiceRecord;
import io.memrun.runtime.registry.ServiceRegistry;
import io.memrun.runtime.registry.WorkerRecord;
import io.memrun.runtime.wire.Heartbeat;
import io.memrun.runtime.wire.Topics;
import io.memrun.runtime.wire.TopicAdmin;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves what exists toward what is wanted, one bounded, idempotent step at a time. Each round it
 * observes the cluster's servers (by label), the workers' heartbeats and, when it matters, the
 * consumer group; then for every service and slot:
 * <ul>
 *   <li>no current server (this revision and generation): create one. If the slot's server of an
 *       older revision still serves, this is a rolling deploy: only one slot at a time (surge 1,
 *       none unavailable), and the new server enrolls in standby for a warm handoff
 *       ({@link SlotHandoff});</li>
 *   <li>a current server in standby: the next step of its handoff;</li>
 *   <li>a current server that is off, gone, silent for 3 heartbeat intervals (hung), or never
 *       heartbeated by the boot deadline: move the slot to its next generation, delete the server
 *       and remove its static member from the group so its partitions move now (the next round
 *       creates the replacement);</li>
 *   <li>a current server whose worker serves: once it served for the verification time with few
 *       errors, delete the slot's older servers (replaced by this one; the successor owns the slot's
 *       member id, so no member is removed). Too many errors, or a failure of any kind while a
 *       rollout brings its revision in, reverts the rollout: the service goes back to the previous
 *       revision, whose new servers take over by the same warm handoff;</li>
 *   <li>a server beyond the worker count (scale-in) or of a service being destroyed: shut it down
 *       so its worker drains and leaves the group, then remove the member if it is still there,
 *       then delete the server.</li>
 * </ul>
 * Nothing here depends on memory that a restart loses except which shutdowns were asked for (asked
 * again after a restart: harmless). Errors end the round and are retried the next.
 */
final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    /** At most this many creates per service per round: steps stay small under API weather. */
    static final int CREATES_PER_ROUND = 4;

    private final SchedulerSettings settings;
    private final CloudState state;
    private final ServiceRegistry registry;
    private final HetznerCloud hetzner;
    private final TopicAdmin admin;
    private final Provisioner provisioner;
    private final ServerTypes types;
    private final Object deployLock;
    private final SlotHandoff handoff;
    private final Map<Long, Instant> shutdownAsked = new ConcurrentHashMap<>();
    /** Heartbeats received before this scheduler started were not listened to: silence is judged after a grace. */
    private final Instant startedAt = Instant.now();
    private volatile List<Server> lastObserved = List.of();
    /** A handoff waits on a step that comes within a second or two (a drain, a join): round again soon. */
    private volatile boolean urgent;

    Reconciler(SchedulerSettings settings, CloudState state, ServiceRegistry registry, HetznerCloud hetzner,
               TopicAdmin admin, Provisioner provisioner, ServerTypes types, Object deployLock, SlotHandoff handoff) {
        this.deployLock = deployLock;
        this.handoff = handoff;
        this.settings = settings;
        this.state = state;
        this.registry = registry;
        this.hetzner = hetzner;
        this.admin = admin;
        this.provisioner = provisioner;
        this.types = types;
    }

    /** Whether the last round left a handoff waiting on a quick step. */
    boolean urgent() {
        return urgent;
    }

    /** The servers the last round saw. */
    List<Server> lastObserved() {
        return lastObserved;
    }

    /**
     * Whether another server of the slot may still hold its partitions (judged as a predecessor is:
     * serving, or not yet known to be gone or handed off): then {@code server}, enrolling, is a
     * successor and must start in standby, joining only when a round tells it to.
     */
    boolean slotHasServingPredecessor(String service, int slot, String server) throws Exception {
        List<WorkerRecord> heartbeats = registry.workers().forService(service);
        Instant now = Instant.now();
        return lastObserved.stream()
                .filter(s -> service.equals(s.labels().get(ServerNames.SERVICE)) && label(s, ServerNames.SLOT) == slot
                        && !s.name().equals(server))
                .map(s -> predecessorState(s, heartbeatOf(s, heartbeats), now))
                .anyMatch(PredecessorState::holdsSlot);
    }

    /** One round: observe, then step every service. */
    void round() throws Exception {
        urgent = false;
        List<Server> all = hetzner.servers(ServerNames.clusterSelector(settings.cluster()));
        lastObserved = List.copyOf(all);
        // A server being deleted is as good as gone: acting on it again would only meet `locked`.
        List<Server> servers = all.stream().filter(s -> s.status() != ServerStatus.DELETING).toList();
        Map<String, List<Server>> byService = new HashMap<>();
        for (Server s : servers) {
            byService.computeIfAbsent(s.labels().getOrDefault(ServerNames.SERVICE, ""), k -> new ArrayList<>()).add(s);
        }
        Set<String> known = new java.util.HashSet<>();
        Exception failed = null;
        for (DesiredService d : state.services()) {
            known.add(d.name());
            List<Server> mine = byService.getOrDefault(d.name(), List.of());
            try {
                if (d.destroying()) {
                    destroy(d, mine);
                } else {
                    reconcile(d, mine);
                }
            } catch (Exception e) {
                // One service's trouble (a quota, a locked server, the broker) does not hold up the others.
                state.eventUnlessRepeated(d.name(), (e instanceof HetznerException ? "Hetzner API: " : "") + e.getMessage()
                        + " (retrying)");
                failed = e;
            }
        }
        // Servers of services the scheduler no longer runs (a create that landed after a destroy).
        for (Map.Entry<String, List<Server>> e : byService.entrySet()) {
            if (!known.contains(e.getKey())) {
                List<WorkerRecord> heartbeats = registry.workers().forService(e.getKey());
                for (Server s : e.getValue()) {
                    retire(e.getKey(), s, heartbeats);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    private void reconcile(DesiredService d, List<Server> servers) throws Exception {
        ServiceRecord rec = registry.find(d.name()).orElse(null);
        if (rec == null) {
            return;
        }
        Instant now = Instant.now();
        List<WorkerRecord> heartbeats = registry.workers().forService(d.name());
        Optional<Rollout> rollout = state.rollout(d.name());
        boolean paused = rollout.map(r -> r.state() == RolloutState.PAUSED).orElse(false);
        int creates = 0;
        // Surge 1: at most one slot hands off at a time; the others keep their old servers meanwhile.
        boolean handoffUnderway = false;
        boolean settled = true;
        boolean urgent = false;
        int replaced = 0;
        for (int slot = 0; slot < d.workers(); slot++) {
            int generation = state.generation(d.name(), slot);
            List<Server> inSlot = inSlot(servers, slot);
            Optional<Server> current = inSlot.stream()
                    .filter(s -> label(s, ServerNames.REVISION) == d.revision() && label(s, ServerNames.GENERATION) == generation)
                    .findFirst();
            // The slot's server of another revision: the one a successor takes over from.
            Predecessor predecessor = predecessor(inSlot, current, d.revision(), heartbeats, now);
            if (current.isEmpty()) {
                settled = false;
                if (predecessor.holdsSlot() && (handoffUnderway || paused)) {
                    continue; // its turn comes after the slot that is handing off now (or after promote)
                }
                handoffUnderway |= predecessor.holdsSlot();
                if (creates < CREATES_PER_ROUND) {
                    creates++;
                    String type = types.choose(rec.memoryBytes(), rec.diskBytes()).type().name();
                    Optional<Long> id = provisioner.create(d.name(), slot, d.revision(), generation, type);
                    String name = ServerNames.name(settings.cluster(), d.name(), slot, d.revision(), generation);
                    state.event(d.name(), "slot s" + slot + ": " + (id.isEmpty() ? "server " + name + " already existed; adopting it"
                            : "created server " + name + " (" + type + ", revision " + d.revision() + ")"
                            + (predecessor.holdsSlot() ? "; it takes over from " + predecessor.server().orElseThrow().name()
                            + " by a warm handoff" : "")));
                }
                continue;
            }
            Server server = current.get();
            // A same-revision server of an older generation was judged failed: never a fallback.
            // (Its delete may have failed, or the scheduler stopped, after the generation moved on.)
            for (Server old : inSlot) {
                if (old.id() != server.id() && label(old, ServerNames.REVISION) == d.revision()) {
                    delete(d.name(), old, "an earlier generation of slot s" + slot + " that failed");
                }
            }
            Health health = health(server, heartbeats, now);
            Optional<WorkerRecord> hb = heartbeatOf(server, heartbeats);
            List<Server> others = inSlot.stream().filter(o -> o.id() != server.id()
                    && label(o, ServerNames.REVISION) != d.revision()).toList();
            switch (health.state()) {
                case SERVING -> {
                    if (others.isEmpty()) {
                        break;
                    }
                    settled = false;
                    handoffUnderway = true; // verifying counts as the slot's turn
                    SlotHandoff.Verification v = handoff.verify(server, hb.orElseThrow());
                    boolean judged = rollout.map(r -> r.state() == RolloutState.ROLLING && r.revertible()
                            && r.toRevision() == d.revision()).orElse(false);
                    if (v.verdict() == SlotHandoff.Verdict.FAILED && judged) {
                        fail(d, slot, server, "answers with errors after the handoff: " + v.detail(), heartbeats, servers, now);
                    } else if (v.verdict() != SlotHandoff.Verdict.PENDING) {
                        state.event(d.name(), "slot s" + slot + ": " + server.name() + " serves (" + v.detail() + ")");
                        for (Server old : others) {
                            delete(d.name(), old, "replaced by " + server.name());
                        }
                        handoff.forget(server);
                        replaced++;
                    }
                }
                case STANDBY -> {
                    settled = false;
                    handoffUnderway = true;
                    urgent |= handoff.step(d.name(), slot, server, hb.orElseThrow(), predecessor, rec.diskBytes(),
                            rollout.map(Rollout::warm).orElse(true));
                }
                case BOOTING -> {
                    settled = false;
                    handoffUnderway |= !others.isEmpty();
                }
                case FAILED -> {
                    settled = false;
                    fail(d, slot, server, health.reason(), heartbeats, servers, now);
                }
                default -> throw new IllegalStateException(health.state().toString());
            }
        }
        for (Server s : servers) {
            if (label(s, ServerNames.SLOT) >= d.workers() || label(s, ServerNames.SLOT) < 0) {
                retire(d.name(), s, heartbeats);
            }
        }
        finishRollout(d, rollout, settled, replaced);
        this.urgent |= urgent;
    }

    /**
     * The slot's current server failed: it is deleted, and the slot moves to its next generation (a
     * new server name) and loses its member id when no other server of the slot may hold it. If it
     * ran the revision a rollout is bringing in, the rollout is reverted first: the service wants the
     * previous revision again, so the slot's predecessor (if it still serves) is current once more and
     * keeps its generation; every slot whose previous-revision server is already gone moves to a new
     * generation, so its replacement never reuses a deleted server's name.
     */
    private void fail(DesiredService d, int slot, Server server, String reason, List<WorkerRecord> heartbeats,
                      List<Server> servers, Instant now) throws Exception {
        Optional<Rollout> rollout = state.rollout(d.name());
        if (rollout.isPresent() && rollout.get().state() == RolloutState.ROLLING && rollout.get().revertible()
                && label(server, ServerNames.REVISION) == rollout.get().toRevision() && rollout.get().fromRevision() > 0) {
            int from = rollout.get().fromRevision();
            String why = "revision " + rollout.get().toRevision() + " failed on slot s" + slot + ": " + server.name() + " "
                    + reason;
            if (state.revert(d.name(), why)) {
                state.event(d.name(), "rollout stopped: " + why + "; reverting to revision " + from
                        + " (`memrun cloud logs " + d.name() + " --worker s" + slot + "` shows its log)");
                for (int s = 0; s < d.workers(); s++) {
                    int gen = state.generation(d.name(), s);
                    int sl = s;
                    boolean previousThere = servers.stream().anyMatch(o -> label(o, ServerNames.SLOT) == sl
                            && label(o, ServerNames.REVISION) == from && label(o, ServerNames.GENERATION) == gen);
                    if (!previousThere) {
                        state.nextGeneration(d.name(), s);
                    }
                }
            }
        }
        int desired = state.service(d.name()).map(DesiredService::revision).orElse(d.revision());
        boolean current = label(server, ServerNames.REVISION) == desired
                && label(server, ServerNames.GENERATION) == state.generation(d.name(), slot);
        if (current) {
            int next = state.nextGeneration(d.name(), slot);
            state.event(d.name(), "slot s" + slot + ": server " + server.name() + " " + reason + "; replacing it (generation "
                    + next + ")");
        } else {
            state.event(d.name(), "slot s" + slot + ": server " + server.name() + " " + reason);
        }
        // The slot's member id is only removed when no other server of the slot (an older revision
        // still serving during a replacement) may be the one holding it.
        boolean othersAlive = servers.stream().anyMatch(o -> label(o, ServerNames.SLOT) == slot && o.id() != server.id()
                && heartbeatOf(o, heartbeats).map(w -> fresh(w, now)).orElse(false));
        if (!othersAlive) {
            admin.removeStaticMembers(Topics.workerGroup(d.name()), Set.of(ServerNames.workerId(d.name(), slot)));
        }
        handoff.forget(server);
        delete(d.name(), server, reason);
    }

    /**
     * The slot's server of another revision, as a successor sees it: still serving, handed off, gone
     * (off, failed, stopped, or silent for longer than its session could last), or not yet judged.
     */
    record Predecessor(Optional<Server> server, Optional<WorkerRecord> heartbeat, PredecessorState state) {
        /** Whether it may still own the slot's partitions, so a successor must wait for it. */
        boolean holdsSlot() {
            return state.holdsSlot();
        }
    }

    enum PredecessorState {
        NONE, SERVING, HANDED_OFF, GONE, UNKNOWN;

        /** Whether a server in this state may still own the slot's partitions. */
        boolean holdsSlot() {
            return this == SERVING || this == UNKNOWN;
        }
    }

    private Predecessor predecessor(List<Server> inSlot, Optional<Server> current, int revision,
                                    List<WorkerRecord> heartbeats, Instant now) {
        List<Server> others = inSlot.stream().filter(s -> current.map(c -> c.id() != s.id()).orElse(true))
                .filter(s -> label(s, ServerNames.REVISION) != revision).toList();
        // The one that matters most: one that may hold the partitions, then one that handed off, then a gone one.
        Predecessor best = new Predecessor(Optional.empty(), Optional.empty(), PredecessorState.NONE);
        for (Server s : others) {
            Optional<WorkerRecord> hb = heartbeatOf(s, heartbeats);
            Predecessor p = new Predecessor(Optional.of(s), hb, predecessorState(s, hb, now));
            if (rank(p.state()) > rank(best.state())) {
                best = p;
            }
        }
        return best;
    }

    private static int rank(PredecessorState s) {
        return switch (s) {
            case NONE -> 0;
            case GONE -> 1;
            case HANDED_OFF -> 2;
            case UNKNOWN -> 3;
            case SERVING -> 4;
        };
    }

    private PredecessorState predecessorState(Server s, Optional<WorkerRecord> hb, Instant now) {
        if (s.status() == ServerStatus.OFF || s.status() == ServerStatus.DELETING) {
            return PredecessorState.GONE;
        }
        if (hb.isEmpty()) {
            return PredecessorState.UNKNOWN; // never heard from: still booting, or this scheduler just started
        }
        Heartbeat h = hb.get().heartbeat();
        if (h.phase().equals(Heartbeat.HANDED_OFF)) {
            return PredecessorState.HANDED_OFF;
        }
        if (h.phase().equals(Heartbeat.FAILED) || h.stopping()) {
            return PredecessorState.GONE;
        }
        if (fresh(hb.get(), now)) {
            return h.phase().equals(Heartbeat.SERVING) && !h.partitions().isEmpty() ? PredecessorState.SERVING
                    : PredecessorState.UNKNOWN;
        }
        // Silent: gone once this scheduler has listened long enough to know, and its static member's
        // session (10 s) has surely ended, so a successor joining fences nobody.
        long listened = Duration.between(startedAt, now).toMillis();
        long silent = Duration.between(hb.get().receivedAt(), now).toMillis();
        long judge = (WorkerRecord.LOST_AFTER_INTERVALS + 1) * Math.max(h.intervalMs(), settings.heartbeatInterval().toMillis());
        return listened > judge && silent > Math.max(judge, 15_000) ? PredecessorState.GONE : PredecessorState.UNKNOWN;
    }

    /** Ends a rollout once every slot serves its current server and nothing else is left. */
    private void finishRollout(DesiredService d, Optional<Rollout> rollout, boolean settled, int replaced) throws Exception {
        if (rollout.isEmpty() || !rollout.get().state().active()) {
            return;
        }
        Rollout r = rollout.get();
        if (settled) {
            RolloutState end = r.state() == RolloutState.REVERTING ? RolloutState.REVERTED : RolloutState.DONE;
            state.setRolloutState(d.name(), end);
            state.event(d.name(), end == RolloutState.DONE
                    ? "rollout done: every slot runs revision " + d.revision()
                    : "reverted: every slot runs revision " + d.revision() + " again (" + r.reason() + ")");
        } else if (r.canary() && r.state() == RolloutState.ROLLING && replaced > 0) {
            state.setRolloutState(d.name(), RolloutState.PAUSED);
            state.event(d.name(), "canary: one slot runs revision " + d.revision() + "; `memrun cloud promote " + d.name()
                    + "` rolls out the rest, `memrun cloud rollback " + d.name() + "` takes it back");
        }
    }

    private void destroy(DesiredService d, List<Server> servers) throws Exception {
        List<WorkerRecord> heartbeats = registry.workers().forService(d.name());
        for (Server s : servers) {
            retire(d.name(), s, heartbeats);
        }
        if (servers.isEmpty()) {
            // Under the lock deploys take: a deploy of the same name must not interleave with the removal.
            synchronized (deployLock) {
                Optional<DesiredService> now = state.service(d.name());
                if (now.isEmpty() || !now.get().destroying()) {
                    return;
                }
                if (d.deleteTopics()) {
                    admin.deleteTopics(Set.of(Topics.requests(d.name())));
                }
                state.event(d.name(), "destroyed" + (d.deleteTopics() ? ", topics deleted" : ""));
                state.removeService(d.name());
                state.deleteInvokeTokens(d.name());
                registry.remove(d.name());
            }
        }
    }

    /**
     * Takes a server out gracefully: shutdown (its worker gets SIGTERM, drains and leaves the
     * group), then, once it is off or its worker said goodbye or the stop timeout passed, make sure
     * the member is gone and delete the server.
     */
    private void retire(String service, Server s, List<WorkerRecord> heartbeats) throws Exception {
        Optional<WorkerRecord> hb = heartbeatOf(s, heartbeats);
        boolean workerUp = hb.isPresent() && !hb.get().heartbeat().stopping() && fresh(hb.get(), Instant.now());
        if (s.status() == ServerStatus.RUNNING && workerUp) {
            Instant asked = shutdownAsked.get(s.id());
            if (asked == null) {
                try {
                    hetzner.shutdown(s.id());
                } catch (HetznerException e) {
                    if (!e.isNotFound()) {
                        throw e;
                    }
                }
                shutdownAsked.put(s.id(), Instant.now());
                state.event(service, "shutting down " + s.name() + " (its worker drains and leaves the group)");
                return;
            }
            if (Duration.between(asked, Instant.now()).compareTo(Duration.ofSeconds(90)) < 0) {
                return;
            }
        }
        int slot = label(s, ServerNames.SLOT);
        if (slot >= 0) {
            admin.removeStaticMembers(Topics.workerGroup(service), Set.of(ServerNames.workerId(service, slot)));
        }
        delete(service, s, "no longer needed");
    }

    private void delete(String service, Server s, String why) throws Exception {
        try {
            hetzner.deleteServer(s.id());
        } catch (HetznerException e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
        shutdownAsked.remove(s.id());
        int slot = label(s, ServerNames.SLOT);
        if (slot >= 0) {
            registry.workers().forget(ServerNames.workerId(service, slot), s.name());
        }
        state.event(service, "deleted server " + s.name() + " (" + why + ")");
    }

    /** How a slot's current server is doing. */
    enum HealthState { BOOTING, STANDBY, SERVING, FAILED }

    record Health(HealthState state, String reason) {
    }

    private Health health(Server s, List<WorkerRecord> heartbeats, Instant now) {
        if (s.status() == ServerStatus.OFF || s.status() == ServerStatus.DELETING) {
            return new Health(HealthState.FAILED, "is " + s.status().toString().toLowerCase(java.util.Locale.ROOT));
        }
        Optional<WorkerRecord> hb = heartbeatOf(s, heartbeats);
        if (hb.isPresent() && hb.get().heartbeat().phase().equals(Heartbeat.FAILED)) {
            return new Health(HealthState.FAILED, "could not start its worker: " + hb.get().heartbeat().error());
        }
        if (hb.isPresent() && hb.get().heartbeat().phase().equals(Heartbeat.HANDED_OFF)) {
            return new Health(HealthState.FAILED, "handed its partitions off");
        }
        if (hb.isPresent() && fresh(hb.get(), now) && hb.get().heartbeat().phase().equals(Heartbeat.STANDBY)) {
            return new Health(HealthState.STANDBY, "");
        }
        if (hb.isPresent()) {
            if (fresh(hb.get(), now) && !hb.get().heartbeat().stopping()) {
                // Serving means owning partitions; until its first assignment it is still starting.
                return new Health(hb.get().heartbeat().partitions().isEmpty() ? HealthState.BOOTING : HealthState.SERVING, "");
            }
            if (!hb.get().heartbeat().stopping() && Duration.between(startedAt, now).toMillis()
                    <= (WorkerRecord.LOST_AFTER_INTERVALS + 1) * settings.heartbeatInterval().toMillis()) {
                return new Health(HealthState.BOOTING, ""); // this scheduler has not listened long enough to judge
            }
            long silent = Duration.between(hb.get().receivedAt(), now).toSeconds();
            return new Health(HealthState.FAILED, hb.get().heartbeat().stopping() ? "stopped its worker"
                    : "has a worker silent for " + silent + " s (hung)");
        }
        if (Duration.between(s.created(), now).compareTo(settings.bootDeadline()) > 0) {
            return new Health(HealthState.FAILED, "sent no heartbeat within " + settings.bootDeadline().toSeconds()
                    + " s of its creation (see its console)");
        }
        return new Health(HealthState.BOOTING, "");
    }

    private boolean fresh(WorkerRecord hb, Instant now) {
        long interval = Math.max(hb.heartbeat().intervalMs(), settings.heartbeatInterval().toMillis());
        return Duration.between(hb.receivedAt(), now).toMillis() <= WorkerRecord.LOST_AFTER_INTERVALS * interval;
    }

    /** The heartbeat the worker on {@code s} sent last: workers report their server's name as their host. */
    static Optional<WorkerRecord> heartbeatOf(Server s, List<WorkerRecord> heartbeats) {
        return heartbeats.stream().filter(w -> w.heartbeat().host().equals(s.name())).findFirst();
    }

    private static List<Server> inSlot(List<Server> servers, int slot) {
        return servers.stream().filter(s -> label(s, ServerNames.SLOT) == slot).toList();
    }

    private static int label(Server s, String key) {
        return ServerNames.intLabel(s.labels(), key).orElse(-1);
    }
}
