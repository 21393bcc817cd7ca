package io.memrun.cloud.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memrun.cloud.auth.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.memrun.runtime.logs.LogBatch;
import org.junit.jupiter.api.Test;

class CloudStateTest {
    @Test
    void redeemBootstrapToken_onceForItsServerBeforeItExpires() throws Exception {
        try (CloudState state = CloudState.inMemory("tokens-" + System.nanoTime())) {
            Instant now = Instant.now();
            String token = Tokens.generate(Tokens.BOOTSTRAP);
            state.addBootstrapToken(Tokens.hash(token), "srv-a", "svc", 2, 7, now.plus(Duration.ofHours(1)));
            assertEquals(CloudState.Redemption.WRONG_SERVER, state.redeemBootstrapToken(Tokens.hash(token), "srv-b", now).result());
            CloudState.Redeemed ok = state.redeemBootstrapToken(Tokens.hash(token), "srv-a", now);
            assertEquals(CloudState.Redemption.OK, ok.result());
            assertEquals("svc", ok.service());
            assertEquals(2, ok.slot());
            assertEquals(7, ok.revision());
            assertEquals(CloudState.Redemption.ALREADY_USED, state.redeemBootstrapToken(Tokens.hash(token), "srv-a", now).result());
            assertEquals(CloudState.Redemption.UNKNOWN, state.redeemBootstrapToken(Tokens.hash("mr_boot_other"), "srv-a", now).result());

            String late = Tokens.generate(Tokens.BOOTSTRAP);
            state.addBootstrapToken(Tokens.hash(late), "srv-c", "svc", 0, 1, now.minusSeconds(1));
            assertEquals(CloudState.Redemption.EXPIRED, state.redeemBootstrapToken(Tokens.hash(late), "srv-c", now).result());
        }
    }

    @Test
    void nextGeneration_countsPerSlot() throws Exception {
        try (CloudState state = CloudState.inMemory("gen-" + System.nanoTime())) {
            assertEquals(0, state.generation("svc", 0));
            assertEquals(1, state.nextGeneration("svc", 0));
            assertEquals(2, state.nextGeneration("svc", 0));
            assertEquals(0, state.generation("svc", 1));
        }
    }

    @Test
    void rollout_startRevertFinish_andWhatARevertGoesBackTo() throws Exception {
        try (CloudState state = CloudState.inMemory("rollout-" + System.nanoTime())) {
            state.recordRevision("svc", 1, "a".repeat(64), "jar");
            state.putService("svc", "a".repeat(64), "jar", 3, 1);
            state.startRollout("svc", 0, 1, false, true, true);
            assertEquals(false, state.revert("svc", "first deploys have nothing to go back to"));
            state.setRolloutState("svc", CloudState.RolloutState.DONE);

            state.recordRevision("svc", 2, "b".repeat(64), "jar");
            state.putService("svc", "b".repeat(64), "jar", 3, 2);
            state.startRollout("svc", 1, 2, true, true, true);
            CloudState.Rollout r = state.rollout("svc").orElseThrow();
            assertEquals(CloudState.RolloutState.ROLLING, r.state());
            assertEquals(true, r.canary());
            state.setRolloutState("svc", CloudState.RolloutState.PAUSED);
            state.promote("svc");
            assertEquals(false, state.rollout("svc").orElseThrow().canary(), "promoted: pauses no more");

            assertEquals(true, state.revert("svc", "revision 2 failed on slot s0"));
            CloudState.DesiredService d = state.service("svc").orElseThrow();
            assertEquals(1, d.revision());
            assertEquals("a".repeat(64), d.artifactSha());
            assertEquals(CloudState.RolloutState.REVERTING, state.rollout("svc").orElseThrow().state());
            assertEquals("revision 2 failed on slot s0", state.rollout("svc").orElseThrow().reason());
            state.setRolloutState("svc", CloudState.RolloutState.REVERTED);
            assertEquals(true, state.rollout("svc").orElseThrow().finishedAt().isPresent());
            assertEquals(List.of(1, 2), state.revisions("svc").stream().map(CloudState.Revision::revision).toList());
        }
    }

    @Test
    void logLines_keptPerServiceNewestFirstPagedAndFollowed() throws Exception {
        try (CloudState state = CloudState.inMemory("logs-" + System.nanoTime())) {
            assertEquals(-1, state.nextLogOffset());
            long now = System.currentTimeMillis();
            state.addLogLines(7, "quiet", "s0", "srv-q", List.of(new LogBatch.Line(now, "ERROR", "the one line that matters")));
            List<LogBatch.Line> many = new ArrayList<>();
            for (int i = 0; i < CloudState.LOG_LINES_KEPT + 10; i++) {
                many.add(new LogBatch.Line(now, "INFO", "chatty " + i));
            }
            state.addLogLines(8, "chatty", "s1", "srv-c", many);
            assertEquals(9, state.nextLogOffset());

            assertEquals(List.of("the one line that matters"),
                    state.logLines("quiet", Optional.empty(), -1, 10).stream().map(CloudState.LogLine::line).toList(),
                    "a chatty service does not push out another's lines");
            List<CloudState.LogLine> newest = state.logLines("chatty", Optional.of("s1"), -1, 2);
            assertEquals(List.of("chatty " + (CloudState.LOG_LINES_KEPT + 8), "chatty " + (CloudState.LOG_LINES_KEPT + 9)),
                    newest.stream().map(CloudState.LogLine::line).toList());
            assertEquals(List.of(), state.logLines("chatty", Optional.of("s0"), -1, 2));
            assertEquals(List.of(), state.logLines("chatty", Optional.empty(), newest.get(1).id(), 10), "nothing after the newest");
        }
    }
}
