package io.memrun.shell.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The platform said no: an HTTP 4xx/5xx, shown as one line, e.g.
 * {@code error 400 missing sticky-key field: request is missing sticky-key field dataset_id}.
 */
public final class GatewayException extends IOException {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final int status;
    private final String error;

    public GatewayException(int status, String error, String detail) {
        super("error " + status + " " + error + (detail.isEmpty() ? "" : ": " + detail));
        this.status = status;
        this.error = error;
    }

    /** Reads {@code {"error","detail"}}; any other body becomes the detail's first line. */
    public static GatewayException fromResponse(int status, String body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.hasNonNull("error")) {
                return new GatewayException(status, n.get("error").asText(), firstLine(n.path("detail").asText("")));
            }
        } catch (IOException notJson) {
            // a proxy or an older gateway; show what it said
        }
        return new GatewayException(status, "", firstLine(body == null ? "" : body.strip()));
    }

    private static String firstLine(String s) {
        String line = s.lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The short error ({@code "unknown service"}), empty if the body had none. */
    public String error() {
        return error;
    }
}
