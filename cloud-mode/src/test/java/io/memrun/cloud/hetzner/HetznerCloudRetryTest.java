package io.memrun.cloud.hetzner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** hcloud-go's retry rules and the rate-limit waits, on a fake clock. */
class HetznerCloudRetryTest {

    private static final RetryPolicy POLICY =
            new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(30));
    private static final ServerSpec SPEC = new ServerSpec("c1-svc-s0-r1", "cx22", "debian-13", "fsn1", "", Map.of());
    private static final String SERVER = HetznerJson.serverDocument(42, "c1-svc-s0-r1", "running", "{}");

    private final FakeSleeper sleeper = new FakeSleeper();
    private ScriptedHetzner api;
    private HetznerCloud hetzner;

    @BeforeEach
    void start() throws IOException {
        api = ScriptedHetzner.start();
        hetzner = api.client(sleeper, POLICY);
    }

    @AfterEach
    void stop() {
        hetzner.close();
        api.close();
    }

    @Test
    void createServer_conflictThenCreated_retriedOnceAndReturnsTheServer() throws Exception {
        api.reply(409, HetznerJson.error("conflict", "resource has changed during the request, please retry"))
                .reply(201, HetznerJson.createServerResponse(42, "c1-svc-s0-r1", "{}"));

        CreatedServer created = hetzner.createServer(SPEC);

        assertEquals(42, created.server().id());
        assertEquals(List.of("POST", "POST"), api.requests().stream().map(ScriptedHetzner.Recorded::method).toList());
        assertEquals(1, sleeper.sleeps().size());
        assertTrue(sleeper.sleeps().getFirst().compareTo(Duration.ofSeconds(1)) <= 0, sleeper.sleeps().toString());
    }

    @Test
    void findServer_serviceUnavailableThenOk_readRetried() throws Exception {
        api.reply(503, HetznerJson.error("unavailable", "service unavailable")).reply(200, SERVER);

        assertEquals(42, hetzner.findServer(42).orElseThrow().id());
        assertEquals(2, api.requests().size());
        assertEquals(1, sleeper.sleeps().size());
    }

    @Test
    void servers_badGatewayOnSecondPage_onlyThatPageRetried() throws Exception {
        String server = HetznerJson.server(1, "a", "running", "{}");
        api.reply(200, HetznerJson.serversPage(1, 2, 2, 2, server))
                .reply(502, "bad gateway", "Content-Type", "text/plain")
                .reply(200, HetznerJson.serversPage(2, null, 2, 2, HetznerJson.server(2, "b", "running", "{}")));

        assertEquals(2, hetzner.servers("memrun.io/cluster=c1").size());
        assertEquals(List.of("1", "2", "2"), api.requests().stream().map(r -> r.param("page")).toList());
    }

    @Test
    void createServer_serviceUnavailable_notRetried() {
        api.reply(503, HetznerJson.error("unavailable", "service unavailable"));

        HetznerException e = assertThrows(HetznerException.class, () -> hetzner.createServer(SPEC));

        assertEquals(503, e.status());
        assertEquals(1, api.requests().size());
        assertEquals(List.of(), sleeper.sleeps());
    }

    @Test
    void createServer_rateLimited_notRetried() {
        api.reply(429, HetznerJson.error("rate_limit_exceeded", "limit of 3600 requests per hour reached"),
                "RateLimit-Limit", "3600", "RateLimit-Remaining", "0",
                "RateLimit-Reset", String.valueOf(FakeSleeper.START.getEpochSecond() + 5));

        HetznerException e = assertThrows(HetznerException.class, () -> hetzner.createServer(SPEC));

        assertTrue(e.isRateLimited());
        assertEquals(1, api.requests().size());
    }

    @Test
    void deleteServer_gatewayTimeout_notRetried() {
        api.reply(504, "gateway timeout", "Content-Type", "text/plain");

        HetznerException e = assertThrows(HetznerException.class, () -> hetzner.deleteServer(42));

        assertEquals(504, e.status());
        assertEquals(1, api.requests().size());
    }

    @Test
    void findServer_rateLimitedWithReset_waitsUntilTheReset() throws Exception {
        api.reply(429, HetznerJson.error("rate_limit_exceeded", "limit of 3600 requests per hour reached"),
                        "RateLimit-Limit", "3600", "RateLimit-Remaining", "0",
                        "RateLimit-Reset", String.valueOf(FakeSleeper.START.getEpochSecond() + 7))
                .reply(200, SERVER, "RateLimit-Limit", "3600", "RateLimit-Remaining", "1",
                        "RateLimit-Reset", String.valueOf(FakeSleeper.START.getEpochSecond() + 3599));

        assertTrue(hetzner.findServer(42).isPresent());

        assertEquals(List.of(Duration.ofSeconds(7)), sleeper.sleeps());
        assertEquals(2, api.requests().size());
    }

    @Test
    void findServer_rateLimitedWithResetFarAway_waitBoundedByPolicy() throws Exception {
        api.reply(429, HetznerJson.error("rate_limit_exceeded", "limit reached"),
                        "RateLimit-Limit", "3600", "RateLimit-Remaining", "0",
                        "RateLimit-Reset", String.valueOf(FakeSleeper.START.getEpochSecond() + 3600))
                .reply(200, SERVER);

        assertTrue(hetzner.findServer(42).isPresent());

        assertEquals(List.of(POLICY.maxRateLimitWait()), sleeper.sleeps());
    }

    @Test
    void findServer_alwaysUnavailable_givesUpAfterMaxAttemptsWithCappedJitteredBackoff() {
        for (int i = 0; i < POLICY.maxAttempts(); i++) {
            api.reply(503, HetznerJson.error("unavailable", "service unavailable"));
        }

        HetznerException e = assertThrows(HetznerException.class, () -> hetzner.findServer(42));

        assertEquals(503, e.status());
        assertEquals(POLICY.maxAttempts(), api.requests().size());
        List<Duration> sleeps = sleeper.sleeps();
        assertEquals(POLICY.maxAttempts() - 1, sleeps.size());
        List<Duration> ceilings = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3));
        for (int i = 0; i < sleeps.size(); i++) {
            assertTrue(sleeps.get(i).compareTo(ceilings.get(i)) <= 0, "sleep " + i + " of " + sleeps);
        }
    }

    @Test
    void findServer_nothingListening_readRetriedThenNetworkError() throws IOException {
        ScriptedHetzner gone = ScriptedHetzner.start();
        gone.close();
        try (HetznerCloud client = gone.client(sleeper, POLICY)) {
            HetznerException e = assertThrows(HetznerException.class, () -> client.findServer(42));

            assertEquals(HetznerException.NETWORK_ERROR, e.code());
            assertEquals(POLICY.maxAttempts() - 1, sleeper.sleeps().size());
        }
    }

    @Test
    void createServer_nothingListening_notRetried() throws IOException {
        ScriptedHetzner gone = ScriptedHetzner.start();
        gone.close();
        try (HetznerCloud client = gone.client(sleeper, POLICY)) {
            HetznerException e = assertThrows(HetznerException.class, () -> client.createServer(SPEC));

            assertEquals(HetznerException.NETWORK_ERROR, e.code());
            assertEquals(List.of(), sleeper.sleeps());
        }
    }

    @Test
    void findServer_interruptedWhileWaitingToRetry_interruptedWithFlagSet() {
        api.reply(503, HetznerJson.error("unavailable", "service unavailable"));
        sleeper.interruptSleeps();
        try {
            HetznerException e = assertThrows(HetznerException.class, () -> hetzner.findServer(42));

            assertEquals(HetznerException.INTERRUPTED, e.code());
            assertEquals(503, ((HetznerException) e.getSuppressed()[0]).status());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void rateLimit_beforeAnyResponse_empty() {
        assertEquals(Optional.empty(), hetzner.rateLimit());
    }

    @Test
    void rateLimit_afterResponse_reflectsItsHeaders() throws Exception {
        long reset = FakeSleeper.START.getEpochSecond() + 10;
        api.reply(200, SERVER, "RateLimit-Limit", "3600", "RateLimit-Remaining", "3590",
                "RateLimit-Reset", String.valueOf(reset));

        hetzner.findServer(42);

        assertEquals(Optional.of(new RateLimit(3600, 3590, java.time.Instant.ofEpochSecond(reset))),
                hetzner.rateLimit());
    }

    @Test
    void findServer_previousResponseLeftNoneRemaining_waitsOneRefillFirst() throws Exception {
        api.reply(200, SERVER, "RateLimit-Limit", "3600", "RateLimit-Remaining", "0",
                        "RateLimit-Reset", String.valueOf(FakeSleeper.START.getEpochSecond() + 3600))
                .reply(200, SERVER);

        hetzner.findServer(42);
        assertEquals(List.of(), sleeper.sleeps());
        hetzner.findServer(42);

        assertEquals(List.of(Duration.ofSeconds(1)), sleeper.sleeps());
    }
}
