package io.memrun.cloud.hetzner.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.memrun.runtime.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rate limiting and the hooks that change the sim's weather; each test has its own sim with a 5-request bucket. */
class HetznerSimFaultHooksTest {
    @TempDir
    Path root;
    HetznerSim sim;
    SimClient api;

    @BeforeEach
    void start() throws Exception {
        sim = HetznerSim.start(SimSettings.defaults(root).withBootDelay(Duration.ofMillis(50))
                .withRateLimit(5, Duration.ofHours(1)));
        api = new SimClient(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void anyCall_bucketEmpty_answers429WithHeadersAndIsLogged() throws Exception {
        for (int expected = 4; expected >= 0; expected--) {
            var r = api.get("/v1/servers");
            assertEquals(200, r.status());
            assertEquals("5", r.header("RateLimit-Limit"));
            assertEquals(Integer.toString(expected), r.header("RateLimit-Remaining"));
        }
        var limited = api.get("/v1/servers");
        assertEquals(429, limited.status());
        assertEquals("rate_limit_exceeded", limited.errorCode());
        assertEquals("0", limited.header("RateLimit-Remaining"));
        long reset = Long.parseLong(limited.header("RateLimit-Reset"));
        assertTrue(reset > System.currentTimeMillis() / 1000 + 5 * 3600 - 60, "full again in ~5 h, was " + reset);
        JsonNode calls = api.get("/_sim/calls").body().path("calls");
        assertEquals(6, calls.size());
        assertEquals(429, calls.get(5).path("status").asInt());
        assertEquals(0, calls.get(4).path("rate_limit_remaining").asInt());
    }

    @Test
    void rateLimitHook_remainingZero_startsA429StormThatASetEnds() throws Exception {
        var hook = api.post("/_sim/rate_limit", SimClient.JSON.createObjectNode().put("remaining", 0));
        assertEquals(0, hook.body().path("remaining").asInt(), hook.toString());
        assertEquals(429, api.get("/v1/servers").status());
        api.post("/_sim/rate_limit", SimClient.JSON.createObjectNode().put("limit", 100).put("remaining", 100));
        var r = api.get("/v1/servers");
        assertEquals(200, r.status());
        assertEquals("100", r.header("RateLimit-Limit"));
        assertEquals("99", r.header("RateLimit-Remaining"));
        assertEquals("invalid_input", api.post("/_sim/rate_limit", SimClient.JSON.createObjectNode().put("limit", "x")).errorCode());
    }

    @Test
    void bootDelayHook_slowBoot_keepsServerInitializingAndDeleteStillWorks() throws Exception {
        api.post("/_sim/rate_limit", SimClient.JSON.createObjectNode().put("limit", 1000).put("remaining", 1000));
        api.post("/_sim/boot_delay", SimClient.JSON.createObjectNode().put("millis", 60_000));
        assertEquals(60_000, api.get("/_sim/boot_delay").body().path("millis").asInt());
        var created = api.post("/v1/servers", SimClient.server("slow"));
        long id = created.body().path("server").path("id").asLong();
        long createAction = created.body().path("action").path("id").asLong();
        assertEquals("initializing", api.status(id));
        assertEquals(423, api.post("/v1/servers/" + id + "/actions/poweroff", null).status(), "locked while creating");
        api.delete("/v1/servers/" + id);
        Await.until("slow server gone", Duration.ofSeconds(5), () -> api.status(id).equals("gone"));
        assertEquals("error", api.get("/v1/actions/" + createAction).body().path("action").path("status").asText());
    }

    @Test
    void hooks_badInput_answer400Or404Json() throws Exception {
        assertEquals("not_found", api.post("/_sim/servers/42/crash", null).errorCode());
        assertEquals("not_found", api.post("/_sim/servers/42/explode", null).errorCode());
        assertEquals("invalid_input", api.post("/_sim/errors", SimClient.JSON.createObjectNode().put("status", 200)).errorCode());
        assertEquals("json_error", api.send("POST", "/_sim/boot_delay", "{nope").errorCode());
        assertEquals("invalid_input", api.get("/_sim/calls?since=x").errorCode());
        assertEquals(0, api.get("/_sim/calls").body().path("calls").size(), "hooks are not /v1 calls");
    }
}
