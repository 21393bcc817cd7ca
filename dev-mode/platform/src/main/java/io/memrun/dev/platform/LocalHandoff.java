package io.memrun.dev.platform;

import io.memrun.runtime.handoff.HotSet;
import io.memrun.runtime.handoff.Warmup;
import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.runtime.worker.Worker;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Replaces a running local worker with a successor that is warm before it takes over, the way
 * cloud mode rolls a slot: the successor starts in standby on its own cache directory; the
 * predecessor publishes its hot set to the store; the successor fetches it; the predecessor drains,
 * commits and closes without leaving the group; the successor joins with the same worker id and
 * gets the same partitions, without a rebalance for the other workers.
 */
final class LocalHandoff {
    /** The bucket of the local store that hot sets go through. */
    static final String BUCKET = "memrun-handoff";

    /**
     * What a handoff did.
     *
     * @param objects objects in the predecessor's hot set
     * @param bytes their bytes
     * @param fetched objects the successor had on disk when it joined
     * @param warmMillis how long the warmup took
     * @param pauseMillis from the predecessor's drain to the successor owning the partitions
     * @param before the predecessor's partitions
     * @param after the successor's
     */
    record Report(int objects, long bytes, int fetched, long warmMillis, long pauseMillis, Set<Integer> before,
                  Set<Integer> after) {
    }

    private LocalHandoff() {
    }

    /**
     * Hands {@code predecessor}'s partitions to {@code successor} (started in standby with the same
     * worker id). The predecessor is closed afterwards; if a step fails, the successor is closed and
     * the predecessor, if it had not handed off yet, keeps serving.
     */
    static Report run(Worker predecessor, Worker successor, long budgetBytes, Duration warmDeadline) throws Exception {
        ObjectUri where = ObjectUri.parse("s3://" + BUCKET + "/" + predecessor.id() + ".json");
        HotSet set = predecessor.publishHotSet(where, budgetBytes);
        long w0 = System.nanoTime();
        Warmup warmup = successor.warm(set, 0); // one machine: no bandwidth to protect
        warmup.await(warmDeadline); // a warmup that overruns only costs warmth, never the handoff
        long warmMillis = (System.nanoTime() - w0) / 1_000_000;
        Set<Integer> before = predecessor.partitions();
        long h0 = System.nanoTime();
        predecessor.handOff();
        successor.join();
        Set<Integer> after = await("worker " + successor.id() + " to own partitions again", Duration.ofSeconds(30),
                () -> successor.partitions().isEmpty() ? null : successor.partitions());
        long pauseMillis = (System.nanoTime() - h0) / 1_000_000;
        predecessor.close();
        successor.heartbeatNow(); // its row in the registry, not the predecessor's goodbye, is the last word
        return new Report(set.objects().size(), set.bytes(), warmup.progress().objectsDone(), warmMillis, pauseMillis,
                before, after);
    }

    private static <T> T await(String what, Duration timeout, Callable<T> probe) throws Exception {
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            T value = probe.call();
            if (value != null) {
                return value;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        throw new TimeoutException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
    }
}
