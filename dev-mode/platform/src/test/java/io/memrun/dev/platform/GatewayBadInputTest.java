package io.memrun.dev.platform;

import io.memrun.runtime.gateway.GatewaySettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memrun.dev.platform.LocalPlatform;
import io.memrun.runtime.registry.ServiceRegistry;
import io.memrun.runtime.testing.Http;
import io.memrun.runtime.testing.SharedInfra;
import io.memrun.sdk.HandlerException;
import io.memrun.sdk.MemoryService;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input gets a 4xx with a JSON error that says what to fix; handler failures do not kill the worker. */
class GatewayBadInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INVOKE = "/v1/services/echo-bad-input/invoke";
    private static LocalPlatform platform;
    private static ServiceRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        MemoryService echo = MemoryService.builder("echo-bad-input").maxWorkers(1)
                .handler("user_id:dataset_id", (ctx, req) -> switch (req.json().path("action").asText("echo")) {
                    case "throw" -> throw new IllegalStateException("boom in handler");
                    case "reject" -> throw HandlerException.badRequest("dataset is archived; pick another");
                    case "slow" -> {
                        Thread.sleep(1_500);
                        yield Map.of("late", true);
                    }
                    default -> Map.of("key", req.key(), "user", req.text("user_id"));
                }).build();
        registry = ServiceRegistry.inMemory("bad-input");
        SharedInfra infra = SharedInfra.get();
        platform = LocalPlatform.start(echo, LocalPlatform.Options.of(1, GatewaySettings.defaults("127.0.0.1", 0)),
                infra.kafka(), infra.storeSettings(), registry, infra.newDir("bad-input"));
    }

    @AfterAll
    static void stop() throws Exception {
        platform.close();
        registry.close();
    }

    private static JsonNode assertError(HttpResponse<String> r, int status, String detailPart) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        JsonNode body = JSON.readTree(r.body());
        assertTrue(body.hasNonNull("error"), r.body());
        assertTrue(body.get("detail").asText().contains(detailPart), r.body());
        return body;
    }

    @Test
    void invoke_validRequest_routesOnStickyValues() throws Exception {
        HttpResponse<String> r = Http.post(platform.httpPort(), INVOKE, "{\"user_id\":\"u42\",\"dataset_id\":7}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("u42:7", JSON.readTree(r.body()).get("key").asText());
        assertEquals("none", r.headers().firstValue("Memrun-Cache").orElseThrow());
    }

    @Test
    void invoke_nonJson_returns400() throws Exception {
        assertError(Http.post(platform.httpPort(), INVOKE, "user_id=u1"), 400, "Unrecognized token");
    }

    @Test
    void invoke_emptyBody_returns400() throws Exception {
        assertError(Http.post(platform.httpPort(), INVOKE, ""), 400, "JSON object");
    }

    @Test
    void invoke_jsonArray_returns400() throws Exception {
        assertError(Http.post(platform.httpPort(), INVOKE, "[1,2]"), 400, "array");
    }

    @Test
    void invoke_duplicateStickyField_returns400() throws Exception {
        assertError(Http.post(platform.httpPort(), INVOKE, "{\"user_id\":\"a\",\"dataset_id\":\"d\",\"user_id\":\"b\"}"),
                400, "Duplicate field 'user_id'");
    }

    @Test
    void invoke_trailingGarbage_returns400() throws Exception {
        assertError(Http.post(platform.httpPort(), INVOKE, "{\"user_id\":\"a\",\"dataset_id\":\"d\"} {}"), 400, "");
    }

    @Test
    void invoke_missingStickyField_returns400NamingIt() throws Exception {
        assertError(Http.post(platform.httpPort(), INVOKE, "{\"user_id\":\"a\"}"), 400, "dataset_id");
    }

    @Test
    void invoke_stickyFieldIsObject_returns400() throws Exception {
        assertError(Http.post(platform.httpPort(), INVOKE, "{\"user_id\":{\"x\":1},\"dataset_id\":\"d\"}"), 400, "user_id");
    }

    @Test
    void invoke_unknownService_returns404() throws Exception {
        assertError(Http.post(platform.httpPort(), "/v1/services/nope/invoke", "{}"), 404, "no service named 'nope'");
    }

    /**
     * The gateway answers 413 and closes the connection without reading the body (so it is never
     * taken for a next request). A client still sending may see the connection close before it
     * reads the answer: that is a refusal too. Whatever answer arrives is the 413.
     */
    @Test
    void invoke_bodyOverLimit_returns413() throws Exception {
        String big = "{\"user_id\":\"a\",\"dataset_id\":\"d\",\"pad\":\"" + "x".repeat(GatewaySettings.DEFAULT_MAX_BODY) + "\"}";
        HttpResponse<String> r;
        try {
            r = Http.post(platform.httpPort(), INVOKE, big);
        } catch (java.io.IOException closedWhileSending) {
            return;
        }
        assertError(r, 413, "limit is " + GatewaySettings.DEFAULT_MAX_BODY);
    }

    @Test
    void invoke_bodyJustUnderLimit_isAcceptedAndHandled() throws Exception {
        String prefix = "{\"user_id\":\"a\",\"dataset_id\":\"d\",\"pad\":\"";
        String big = prefix + "x".repeat(GatewaySettings.DEFAULT_MAX_BODY - prefix.length() - 2) + "\"}";
        assertEquals(GatewaySettings.DEFAULT_MAX_BODY, big.length());
        HttpResponse<String> r = Http.post(platform.httpPort(), INVOKE, big);
        assertEquals(200, r.statusCode(), r.body().substring(0, Math.min(300, r.body().length())));
    }

    @Test
    void invoke_absurdNesting_returns400() throws Exception {
        String deep = "{\"user_id\":\"a\",\"dataset_id\":\"d\",\"n\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertError(Http.post(platform.httpPort(), INVOKE, deep), 400, "nesting");
    }

    @Test
    void invoke_handlerThrows_returns500WithMessageAndWorkerKeepsServing() throws Exception {
        assertError(Http.post(platform.httpPort(), INVOKE, "{\"user_id\":\"a\",\"dataset_id\":\"d\",\"action\":\"throw\"}"),
                500, "boom in handler");
        assertEquals(200, Http.post(platform.httpPort(), INVOKE, "{\"user_id\":\"a\",\"dataset_id\":\"d\"}").statusCode());
    }

    @Test
    void invoke_handlerRejects_returnsItsStatusAndMessage() throws Exception {
        assertError(Http.post(platform.httpPort(), INVOKE, "{\"user_id\":\"a\",\"dataset_id\":\"d\",\"action\":\"reject\"}"),
                400, "dataset is archived");
    }

    @Test
    void invoke_handlerPastDeadline_returns504AndLateReplyIsDropped() throws Exception {
        assertError(Http.post(platform.httpPort(), INVOKE + "?timeout=300ms",
                "{\"user_id\":\"a\",\"dataset_id\":\"slow\",\"action\":\"slow\"}"), 504, "no reply within 300 ms");
        assertError(Http.post(platform.httpPort(), INVOKE + "?timeout=forever", "{\"user_id\":\"a\",\"dataset_id\":\"d\"}"),
                400, "not a duration");
    }

    @Test
    void unknownRoute_returns404Json() throws Exception {
        assertError(Http.get(platform.httpPort(), "/v2/whatever"), 404, "POST /v1/services/{name}/invoke");
    }

    @Test
    void invokeWithGet_returns405() throws Exception {
        assertError(Http.get(platform.httpPort(), INVOKE), 405, "POST");
    }
}
