package io.memrun.cloud.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memrun.cloud.auth.Tokens;
import java.time.Duration;
import java.time.Instant;
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
}
