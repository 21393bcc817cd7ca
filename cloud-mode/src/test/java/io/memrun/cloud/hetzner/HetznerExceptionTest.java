package io.memrun.cloud.hetzner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HetznerExceptionTest {

    @Test
    void retryable_conflict_forReadsAndWrites() {
        HetznerException e = new HetznerException("POST /v1/servers", 409, "conflict", "please retry");

        assertTrue(e.retryable(true));
        assertTrue(e.retryable(false));
    }

    @ParameterizedTest
    @CsvSource({"429,rate_limit_exceeded", "502,http_error", "503,unavailable", "504,http_error", "0,network_error"})
    void retryable_transientFailure_onlyForReads(int status, String code) {
        HetznerException e = new HetznerException("GET /v1/servers", status, code, "transient");

        assertTrue(e.retryable(true));
        assertFalse(e.retryable(false));
    }

    @ParameterizedTest
    @CsvSource({"409,uniqueness_error", "404,not_found", "400,invalid_input", "423,locked", "500,server_error",
            "401,unauthorized", "200,invalid_response", "0,interrupted"})
    void retryable_otherFailure_never(int status, String code) {
        HetznerException e = new HetznerException("GET /v1/servers", status, code, "final");

        assertFalse(e.retryable(true));
        assertFalse(e.retryable(false));
    }

    @Test
    void isUnauthorized_codeUnauthorizedOrStatus401_true() {
        assertTrue(new HetznerException("GET /v1/servers", 401, "unauthorized", "m").isUnauthorized());
        assertTrue(new HetznerException("GET /v1/servers", 401, "http_error", "m").isUnauthorized());
    }

    @Test
    void isUnauthorized_forbidden_false() {
        assertFalse(new HetznerException("GET /v1/servers", 403, "forbidden", "m").isUnauthorized());
    }

    @Test
    void isNotFound_bare404_false() {
        assertFalse(new HetznerException("GET /v1/servers/1", 404, "http_error", "page not found").isNotFound());
        assertTrue(new HetznerException("GET /v1/servers/1", 404, "not_found", "server not found").isNotFound());
    }

    @Test
    void getMessage_always_operationCodeStatusAndDetail() {
        HetznerException e = new HetznerException("DELETE /v1/servers/7", 423, "locked", "server is locked");

        assertEquals("DELETE /v1/servers/7: locked (HTTP 423): server is locked", e.getMessage());
    }
}
