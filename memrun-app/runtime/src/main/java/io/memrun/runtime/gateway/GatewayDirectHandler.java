package io.memrun.runtime.gateway;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.memrun.runtime.json.Json;

/**
 * How the gateway answers what never reaches a route: a request line or framing Helidon cannot
 * parse, a body over the limit. Every such answer is the gateway's JSON error and closes the
 * connection, because the bytes that follow a broken or refused request cannot be trusted to
 * start a new one (request smuggling). A request line Helidon rejects while parsing (a control
 * character in the method) is a 400, not the 500 Helidon would report.
 */
final class GatewayDirectHandler implements DirectHandler {
    private final int maxBodyBytes;

    private GatewayDirectHandler(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    static DirectHandlers handlers(int maxBodyBytes) {
        GatewayDirectHandler h = new GatewayDirectHandler(maxBodyBytes);
        DirectHandlers.Builder b = DirectHandlers.builder();
        for (EventType type : EventType.values()) {
            b.addHandler(type, h);
        }
        return b.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, Throwable thrown) {
        if (status.code() == 500 && causedByBadInput(thrown)) {
            return respond(Status.BAD_REQUEST_400, headers, "malformed request: " + rootMessage(thrown));
        }
        return thrown == null ? handle(request, eventType, status, headers, status.reasonPhrase())
                : respond(status, headers, rootMessage(thrown));
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, String message) {
        if (status.code() == 500 && !isToken(request.method())) {
            // Helidon fails a request line whose method is not an HTTP token as an internal error.
            return respond(Status.BAD_REQUEST_400, headers, "malformed request line: the method is not an HTTP token");
        }
        if (status.code() == 505) {
            // The client is wrong, not the server: a 4xx that says what to send (Helidon 4 speaks HTTP/1.1 only).
            return respond(Status.BAD_REQUEST_400, headers, "HTTP version '" + request.protocolVersion()
                    + "' is not supported: send HTTP/1.1");
        }
        if (status.code() == 413) {
            return respond(status, headers, "the request body is larger than the limit; the limit is " + maxBodyBytes
                    + " bytes (start memrun with a larger --max-body to raise it)");
        }
        return respond(status, headers, message == null || message.isBlank() ? status.reasonPhrase() : message);
    }

    /** RFC 9110 token characters. */
    private static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c < 127 && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private TransportResponse respond(Status status, ServerResponseHeaders headers, String detail) {
        headers.set(HeaderNames.CONTENT_TYPE, Responses.APPLICATION_JSON);
        headers.set(io.helidon.http.HeaderValues.CONNECTION_CLOSE);
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .keepAlive(false)
                .entity(Json.error(status.reasonPhrase().toLowerCase(java.util.Locale.ROOT), detail))
                .build();
    }

    private static boolean causedByBadInput(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IllegalArgumentException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null ? root.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
