package io.memrun.cloud.hetzner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParseException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import me.tomsdevsn.hetznercloud.exception.APIRequestException;
import me.tomsdevsn.hetznercloud.objects.general.APIError;
import me.tomsdevsn.hetznercloud.objects.general.APIErrorCode;
import me.tomsdevsn.hetznercloud.objects.response.APIErrorResponse;
import org.junit.jupiter.api.Test;

/** What the library and OkHttp throw, as the typed error. */
class FailuresTest {

    @Test
    void typed_ourErrorWrappedByLibraryAndTimeout_returnedAsIs() {
        HetznerException ours = new HetznerException("GET /v1/servers", 503, "unavailable", "down");
        InterruptedIOException timeout = new InterruptedIOException("timeout");
        timeout.initCause(ours);

        assertSame(ours, Failures.typed("GET /servers", new RuntimeException(timeout)).orElseThrow());
    }

    @Test
    void typed_libraryApiError_codeKept() {
        APIError error = new APIError();
        error.setCode(APIErrorCode._protected);
        error.setMessage("server is protected");
        APIErrorResponse response = new APIErrorResponse();
        response.setError(error);

        HetznerException e = Failures.typed("DELETE /servers/1", new APIRequestException(response)).orElseThrow();

        assertEquals("protected", e.code());
        assertEquals("server is protected", e.detail());
    }

    @Test
    void typed_unreadableBody_invalidResponse() {
        RuntimeException wrapped = new RuntimeException(new JsonParseException(null, "bad json"));

        assertEquals(HetznerException.INVALID_RESPONSE, Failures.typed("GET /servers", wrapped).orElseThrow().code());
    }

    @Test
    void typed_connectionRefused_networkError() {
        HetznerException e = Failures.typed("GET /servers", new RuntimeException(new ConnectException("refused")))
                .orElseThrow();

        assertEquals(HetznerException.NETWORK_ERROR, e.code());
        assertEquals(0, e.status());
    }

    @Test
    void typed_notAnIoFailure_empty() {
        assertTrue(Failures.typed("GET /servers", new IllegalStateException("bug")).isEmpty());
        assertTrue(Failures.typed("GET /servers", new RuntimeException((IOException) null)).isEmpty());
    }
}
