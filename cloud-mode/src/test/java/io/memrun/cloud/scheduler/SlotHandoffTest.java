package io.memrun.cloud.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.cloud.hetzner.Server;
import io.memrun.cloud.hetzner.ServerStatus;
import io.memrun.cloud.state.CloudState;
import io.memrun.runtime.registry.WorkerRecord;
import io.memrun.runtime.wire.Heartbeat;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a successor that serves is judged before its predecessor is deleted (or the rollout reverted). */
class SlotHandoffTest {
    private static final Server SUCCESSOR = new Server(7, "c-svc-s0-r2-g0", ServerStatus.RUNNING, "cx22", "fsn1",
            Map.of(ServerNames.SERVICE, "svc"), Instant.now(), Optional.empty());

    private static WorkerRecord serving(long answered, long failed) {
        return new WorkerRecord(new Heartbeat("svc-s0", "svc", 2, SUCCESSOR.name(), List.of(0, 3), 0,
                new Heartbeat.CacheCounters(0, 0, 0, 0, 0, 0, 0, 0), System.currentTimeMillis(), 1000, false,
                Heartbeat.SERVING, new Heartbeat.RequestCounters(answered, failed), null, null), Instant.now());
    }

    private static SlotHandoff handoff(Duration verifyFor) throws Exception {
        RolloutSettings settings = new RolloutSettings(Duration.ofMinutes(5), 0, verifyFor, 0.10, 20, true);
        // verify() needs neither the store nor the order topic.
        return new SlotHandoff(settings, CloudState.inMemory("handoff-" + System.nanoTime()), null, "bucket", null);
    }

    @Test
    void verify_errorsAboveTheRateOverEnoughReplies_failed_andCountsFromWhenItBeganServing() throws Exception {
        SlotHandoff h = handoff(Duration.ofMinutes(1));
        assertEquals(SlotHandoff.Verdict.PENDING, h.verify(SUCCESSOR, serving(100, 90)).verdict(), "the baseline");
        assertEquals(SlotHandoff.Verdict.PENDING, h.verify(SUCCESSOR, serving(110, 91)).verdict(), "1 of 10: too few to judge");
        SlotHandoff.Verification v = h.verify(SUCCESSOR, serving(130, 94));
        assertEquals(SlotHandoff.Verdict.FAILED, v.verdict(), "4 of 30 failed");
        assertTrue(v.detail().contains("4 of 30 replies failed"), v.detail());
    }

    @Test
    void verify_fewErrors_pendingUntilTheVerificationTime_thenPassedWithThePartitions() throws Exception {
        SlotHandoff h = handoff(Duration.ZERO);
        SlotHandoff.Verification v = h.verify(SUCCESSOR, serving(50, 1));
        assertEquals(SlotHandoff.Verdict.PASSED, v.verdict());
        assertTrue(v.detail().contains("-> [0, 3]"), v.detail());

        SlotHandoff slow = handoff(Duration.ofMinutes(1));
        assertEquals(SlotHandoff.Verdict.PENDING, slow.verify(SUCCESSOR, serving(0, 0)).verdict());
        assertEquals(SlotHandoff.Verdict.PENDING, slow.verify(SUCCESSOR, serving(200, 2)).verdict(), "1 % errors, still verifying");
    }

    @Test
    void warmth_roundsInTenPercentStepsWhileWarming() {
        Heartbeat.WarmupProgress w = new Heartbeat.WarmupProgress(31, 50, 640L << 20, 1L << 30, 0, false);
        assertEquals("60 % of 1.0 GiB", SlotHandoff.roughWarmth(w));
        assertEquals("63 % of 1.0 GiB (31 of 50 objects)", SlotHandoff.warmth(w));
    }
}
