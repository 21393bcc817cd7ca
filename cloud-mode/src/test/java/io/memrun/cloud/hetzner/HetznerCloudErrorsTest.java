package io.memrun.cloud.hetzner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every failure arrives as a typed HetznerException with status and code, and without the token. */
class HetznerCloudErrorsTest {

    private static final ServerSpec SPEC = new ServerSpec("c1-svc-s0-r1", "cx22", "debian-13", "fsn1", "", Map.of());

    private final FakeSleeper sleeper = new FakeSleeper();
    private ScriptedHetzner api;
    private HetznerCloud hetzner;

    @BeforeEach
    void start() throws IOException {
        api = ScriptedHetzner.start();
        hetzner = api.client(sleeper, RetryPolicy.defaults().withMaxAttempts(1));
    }

    @AfterEach
    void stop() {
        hetzner.close();
        api.close();
    }

    @Test
    void createServer_uniquenessError_typedWithStatusCodeAndField() {
        api.reply(409, """
                {"error": {"code": "uniqueness_error", "message": "server name is already used",
                           "details": {"fields": [{"name": "name"}]}}}""");

        HetznerException e = assertThrows(HetznerException.class, () -> hetzner.createServer(SPEC));

        assertEquals(409, e.status());
        assertEquals("uniqueness_error", e.code());
        assertTrue(e.isUniquenessError());
        assertFalse(e.isConflict());
        assertEquals("POST /v1/servers", e.operation());
        assertTrue(e.getMessage().contains("server name is already used [name]"), e.getMessage());
    }

    @Test
    void createServer_invalidInput_messageNamesTheFieldAndReason() {
        api.reply(400, """
                {"error": {"code": "invalid_input", "message": "invalid input in field 'server_type'",
                           "details": {"fields": [{"name": "server_type", "messages": ["unknown server type"]}]}}}""");

        HetznerException e = assertThrows(HetznerException.class, () -> hetzner.createServer(SPEC));

        assertEquals("invalid_input", e.code());
        assertTrue(e.getMessage().contains("[server_type: unknown server type]"), e.getMessage());
    }

    @Test
    void findServer_unauthorized_typedAndTokenRejectedWithoutTheToken() {
        api.reply(401, HetznerJson.error("unauthorized", "unable to authenticate"));

        HetznerException e = assertThrows(HetznerException.class, () -> hetzner.findServer(42));

        assertEquals(401, e.status());
        assertEquals("unauthorized", e.code());
        assertTrue(e.isUnauthorized());
        assertEquals("Hetzner rejected the token", e.detail());
        assertTokenAbsent(e);
    }

    @Test
    void findServer_unauthorizedWithoutJsonBody_stillUnauthorized() {
        api.reply(401, "Unauthorized", "Content-Type", "text/plain");

        HetznerException e = assertThrows(HetznerException.class, () -> hetzner.findServer(42));

        assertEquals("unauthorized", e.code());
        assertEquals("Hetzner rejected the token", e.detail());
    }

    @Test
    void findServer_codeThisClientDoesNotKnow_keepsTheCode() {
        api.reply(422, HetznerJson.error("some_new_code", "something new went wrong"));

        HetznerException e = assertThrows(HetznerException.class, () -> hetzner.findServer(42));

        assertEquals(422, e.status());
        assertEquals("some_new_code", e.code());
        assertEquals("something new went wrong", e.detail());
    }

    @Test
    void servers_nonJsonBadGateway_httpErrorWithStatusAndBodySnippet() {
        api.reply(502, "<html><body><h1>502 Bad Gateway</h1></body></html>", "Content-Type", "text/html");

        HetznerException e = assertThrows(HetznerException.class, () -> hetzner.servers("memrun.io/cluster=c1"));

        assertEquals(502, e.status());
        assertEquals(HetznerException.HTTP_ERROR, e.code());
        assertTrue(e.detail().contains("502 Bad Gateway"), e.detail());
        assertTrue(e.retryable(true));
    }

    @Test
    void findServer_bare404FromAWrongEndpoint_isNotNotFound() {
        api.reply(404, "404 page not found", "Content-Type", "text/plain");

        HetznerException e = assertThrows(HetznerException.class, () -> hetzner.findServer(42));

        assertEquals(404, e.status());
        assertFalse(e.isNotFound(), "a 404 without Hetzner's error body must not read as 'the server is gone'");
    }

    @Test
    void findServer_errorBodyEchoingTheToken_tokenRedacted() {
        api.reply(500, "debug proxy: Authorization: Bearer " + ScriptedHetzner.TOKEN, "Content-Type", "text/plain");

        HetznerException e = assertThrows(HetznerException.class, () -> hetzner.findServer(42));

        assertTrue(e.getMessage().contains("<redacted>"), e.getMessage());
        assertTokenAbsent(e);
    }

    @Test
    void findServer_malformedSuccessBody_invalidResponse() {
        api.reply(200, "{\"server\": ");

        HetznerException e = assertThrows(HetznerException.class, () -> hetzner.findServer(42));

        assertEquals(HetznerException.INVALID_RESPONSE, e.code());
        assertFalse(e.retryable(true));
    }

    @Test
    void findServer_nothingListening_networkErrorWithStatusZero() throws IOException {
        ScriptedHetzner gone = ScriptedHetzner.start();
        gone.close();
        try (HetznerCloud client = gone.client(sleeper, RetryPolicy.defaults().withMaxAttempts(1))) {
            HetznerException e = assertThrows(HetznerException.class, () -> client.findServer(42));

            assertEquals(0, e.status());
            assertEquals(HetznerException.NETWORK_ERROR, e.code());
            assertTokenAbsent(e);
        }
    }

    private static void assertTokenAbsent(HetznerException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t).contains(ScriptedHetzner.TOKEN), "token in " + t);
            assertFalse(String.valueOf(t.getMessage()).contains(ScriptedHetzner.TOKEN), "token in " + t.getMessage());
        }
    }
}
