package io.memrun.shell.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * Shows a successful reply: the handler's JSON, then who served it and where the time went:
 * <pre>
 * {"rows":1000,"groups":{"apac":170671.61,"eu":172931.2,"us":155609.02}}
 * worker analytics-engine-w0  partition 36  cache miss  request 7c1e…
 * time   total 531.6 ms = queue 139.3 ms + state tax 303.0 ms (fetch 276.4 ms, decode 26.6 ms) + compute 39.9 ms + transport 49.0 ms
 * </pre>
 */
public final class ReplyPrinter {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Results longer than this on one line are pretty-printed. */
    private static final int COMPACT_LIMIT = 120;

    private ReplyPrinter() {
    }

    /** Writes {@code r}, which should be {@link InvokeResult#ok()}. */
    public static void print(InvokeResult r, PrintWriter out) {
        out.println(body(r.body()));
        out.println("worker " + r.worker() + "  partition " + r.partition() + "  cache " + r.cache()
                + "  request " + r.requestId());
        out.println("time   " + (r.timing().isEmpty() ? "no timing reported" : r.timing().describe())
                + "  (client " + ServerTiming.fmt(r.clientMs()) + ")");
    }

    static String body(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            String compact = JSON.writeValueAsString(n);
            return compact.length() <= COMPACT_LIMIT ? compact : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n);
        } catch (IOException notJson) {
            return body;
        }
    }
}
