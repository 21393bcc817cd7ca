package io.memrun.cloud.scheduler;

import io.memrun.cloud.hetzner.Server;
import io.memrun.cloud.state.CloudState;
import io.memrun.runtime.objectstore.ObjectNotFoundException;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.runtime.registry.WorkerRecord;
import io.memrun.runtime.wire.HandoffOrder;
import io.memrun.runtime.wire.Heartbeat;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The warm handoff of one slot during a rolling deploy, one step per reconcile round: with the
 * successor booted in standby, ask the predecessor for its hot set; have the successor fetch it;
 * when it is warm (or its warm deadline passed), have the predecessor drain, commit and close
 * without leaving the group; then have the successor join with the slot's id, which gives it the
 * predecessor's partitions; then watch it serve for a while before the predecessor is deleted.
 *
 * <p>Every step is decided from what the heartbeats and the store show, so a repeated order is
 * harmless and a scheduler restarted mid-handoff picks up where the slot is. The timestamps kept
 * here (when warming began, when serving began) only delay a step; a restart starts them again.
 */
final class SlotHandoff {
    /** What {@link #verify} concluded about a successor that serves. */
    enum Verdict { PENDING, PASSED, FAILED }

    record Verification(Verdict verdict, String detail) {
    }

    private final RolloutSettings settings;
    private final CloudState state;
    private final ObjectStore store;
    private final String bucket;
    private final OrderSender orders;
    /** Past the warm deadline plus this, a successor joins even if its predecessor never handed off. */
    static final Duration STANDBY_GRACE = Duration.ofMinutes(1);

    private final Map<String, Instant> standbySince = new ConcurrentHashMap<>();
    private final Map<String, Instant> warmingSince = new ConcurrentHashMap<>();
    private final Map<String, Instant> servingSince = new ConcurrentHashMap<>();
    private final Map<String, Heartbeat.RequestCounters> baseline = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> handedPartitions = new ConcurrentHashMap<>();

    SlotHandoff(RolloutSettings settings, CloudState state, ObjectStore store, String bucket, OrderSender orders) {
        this.settings = settings;
        this.state = state;
        this.store = store;
        this.bucket = bucket;
        this.orders = orders;
    }

    /** Where a successor's hot set goes: one object per successor, so its existence says "published". */
    ObjectUri hotSet(String service, Server successor) {
        return new ObjectUri(bucket, "hotsets/" + service + "/" + successor.name() + ".json");
    }

    /**
     * The next step for {@code successor}, heartbeating in standby, given the slot's predecessor.
     *
     * @param budgetBytes the successor's disk budget: the most its hot set may hold
     * @param warm false: hand off at once, without a warmup (the rollout said so)
     * @return whether the step waits on something that happens within a second or two (a drain, a
     *     join), so the next round should come soon
     */
    boolean step(String service, int slot, Server successor, WorkerRecord successorHb, Reconciler.Predecessor predecessor,
                 long budgetBytes, boolean warm) throws Exception {
        String s = "slot s" + slot + ": ";
        Instant standby = standbySince.computeIfAbsent(successor.name(), k -> Instant.now());
        switch (predecessor.state()) {
            case NONE, GONE, HANDED_OFF -> {
                state.eventUnlessRepeated(service, s + (predecessor.state() == Reconciler.PredecessorState.HANDED_OFF
                        ? predecessor.server().orElseThrow().name() + " handed off; " + successor.name() + " joins with the slot's id"
                        : successor.name() + " joins (no predecessor serving: it starts with what it has)"));
                orders.send(successor.name(), HandoffOrder.JOIN, "", 0, 0);
                return true;
            }
            case UNKNOWN -> {
                state.eventUnlessRepeated(service, s + successor.name() + " waits to hear from "
                        + predecessor.server().orElseThrow().name());
                return false;
            }
            case SERVING -> {
            }
            default -> throw new IllegalStateException(predecessor.state().toString());
        }
        Server pred = predecessor.server().orElseThrow();
        WorkerRecord predHb = predecessor.heartbeat().orElseThrow();
        // A predecessor that does not act on orders (an older memrun, a store it cannot write, clocks far
        // apart) must not hold the rollout forever: past the deadline the successor joins regardless,
        // which fences the predecessor (its unfinished requests are redelivered to the successor).
        if (Duration.between(standby, Instant.now()).compareTo(settings.warmDeadline().plus(STANDBY_GRACE)) > 0) {
            state.eventUnlessRepeated(service, s + pred.name() + " did not hand off within "
                    + settings.warmDeadline().plus(STANDBY_GRACE).toSeconds() + " s; " + successor.name()
                    + " joins and takes its partitions");
            orders.send(successor.name(), HandoffOrder.JOIN, "", 0, 0);
            return true;
        }
        if (!warm) {
            handOff(service, s + "warm handoff off; " + pred.name() + " drains and hands off to " + successor.name(),
                    successor, pred, predHb);
            return true;
        }
        ObjectUri where = hotSet(service, successor);
        Heartbeat.WarmupProgress w = successorHb.heartbeat().warmup();
        // A successor that reports a warmup read the hot set already: no need to look for it again.
        if (w == null && !exists(where)) {
            state.eventUnlessRepeated(service, s + successor.name() + " booted in standby; asked " + pred.name()
                    + " for its hot set");
            orders.send(pred.name(), HandoffOrder.PUBLISH_HOT_SET, where.toString(), budgetBytes, 0);
            return true;
        }
        if (w == null) {
            warmingSince.putIfAbsent(successor.name(), Instant.now());
            orders.send(successor.name(), HandoffOrder.WARM, where.toString(), 0, settings.warmBytesPerSecond());
            return true;
        }
        Instant since = warmingSince.computeIfAbsent(successor.name(), k -> Instant.now());
        boolean overdue = Duration.between(since, Instant.now()).compareTo(settings.warmDeadline()) > 0;
        if (!w.finished() && !overdue) {
            state.eventUnlessRepeated(service, s + successor.name() + " warming: " + roughWarmth(w));
            return false;
        }
        handOff(service, s + successor.name() + " is warm (" + warmth(w) + (overdue && !w.finished()
                ? ", warm deadline passed" : "") + "); " + pred.name() + " drains and hands off", successor, pred, predHb);
        return true;
    }

    private void handOff(String service, String event, Server successor, Server pred, WorkerRecord predHb) throws Exception {
        handedPartitions.putIfAbsent(successor.name(), predHb.heartbeat().partitions());
        state.eventUnlessRepeated(service, event);
        orders.send(pred.name(), HandoffOrder.HAND_OFF, "", 0, 0);
    }

    /**
     * A successor that serves while its predecessor still exists: PASSED once it served for
     * {@code verifyFor} with an error rate under the threshold, FAILED if the rate is over it.
     */
    Verification verify(Server successor, WorkerRecord hb) {
        Instant now = Instant.now();
        Instant since = servingSince.computeIfAbsent(successor.name(), k -> now);
        Heartbeat.RequestCounters start = baseline.computeIfAbsent(successor.name(), k -> hb.heartbeat().requests());
        long answered = hb.heartbeat().requests().answered() - start.answered();
        long failed = hb.heartbeat().requests().failed() - start.failed();
        String counts = failed + " of " + answered + " replies failed";
        if (answered >= settings.minRequestsToJudge() && failed > settings.maxErrorRate() * answered) {
            return new Verification(Verdict.FAILED, counts + " (more than "
                    + Math.round(settings.maxErrorRate() * 100) + " %)");
        }
        if (Duration.between(since, now).compareTo(settings.verifyFor()) < 0) {
            return new Verification(Verdict.PENDING, counts);
        }
        List<Integer> before = handedPartitions.get(successor.name());
        return new Verification(Verdict.PASSED, counts + "; partitions " + (before == null ? "?" : before) + " -> "
                + hb.heartbeat().partitions());
    }

    /** Forgets what was kept for {@code successor} (its handoff is over, either way). */
    void forget(Server successor) {
        standbySince.remove(successor.name());
        warmingSince.remove(successor.name());
        servingSince.remove(successor.name());
        baseline.remove(successor.name());
        handedPartitions.remove(successor.name());
        try {
            store.delete(hotSet(successor.labels().getOrDefault(ServerNames.SERVICE, ""), successor));
        } catch (Exception e) {
            // a hot set left behind is a few KiB; the next rollout of the slot writes another name
        }
    }

    private boolean exists(ObjectUri uri) throws Exception {
        try {
            store.head(uri);
            return true;
        } catch (ObjectNotFoundException e) {
            return false;
        }
    }

    /** "100 % of 1.4 GiB (50 of 50 objects)". */
    static String warmth(Heartbeat.WarmupProgress w) {
        return String.format(Locale.ROOT, "%d %% of %s (%d of %d objects%s)", Math.round(fraction(w) * 100),
                io.memrun.sdk.Sizes.format(w.bytesTotal()), w.objectsDone(), w.objectsTotal(),
                w.failed() > 0 ? ", " + w.failed() + " failed" : "");
    }

    /** "60 % of 1.4 GiB", in 10 % steps, so the event log gets one line per step rather than per round. */
    static String roughWarmth(Heartbeat.WarmupProgress w) {
        return String.format(Locale.ROOT, "%d %% of %s", (long) Math.floor(fraction(w) * 10) * 10,
                io.memrun.sdk.Sizes.format(w.bytesTotal()));
    }

    private static double fraction(Heartbeat.WarmupProgress w) {
        return w.bytesTotal() == 0 ? 1.0 : Math.min(1.0, w.bytesDone() / (double) w.bytesTotal());
    }
}
