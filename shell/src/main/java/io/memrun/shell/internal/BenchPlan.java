package io.memrun.shell.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What {@code bench} runs: {@code requests} invokes, {@code concurrency} at a time, over
 * {@code keys.keys()} distinct sticky keys.
 *
 * <p>Request {@code i} uses key index {@code k} drawn from {@code keys}, and is the template with
 * {@code {k}} replaced by {@code k} in every string; a sticky-key field whose value has no
 * {@code {k}} gets {@code -k} appended ({@code user_id=u1} becomes {@code u1-0}, {@code u1-1}, ...),
 * and a missing one becomes {@code <field>-k}, so that distinct keys really are distinct.
 */
public record BenchPlan(String service, int requests, int concurrency, KeyDistribution keys, long seed,
                        ObjectNode template, List<String> stickyFields, Duration deadline) {
    public BenchPlan {
        if (requests < 1) {
            throw new IllegalArgumentException("-n must be at least 1, was " + requests);
        }
        if (concurrency < 1 || concurrency > 1024) {
            throw new IllegalArgumentException("-c must be between 1 and 1024, was " + concurrency);
        }
        stickyFields = List.copyOf(stickyFields);
        template = template.deepCopy();
    }

    /** The body of a request for key index {@code k}. */
    public ObjectNode requestFor(int k) {
        ObjectNode body = template.deepCopy();
        substitute(body, String.valueOf(k));
        for (String field : stickyFields) {
            JsonNode v = template.get(field);
            if (v == null) {
                body.put(field, field + "-" + k);
            } else if (!(v.isTextual() && v.asText().contains("{k}"))) {
                body.put(field, (v.isTextual() ? v.asText() : v.toString()) + "-" + k);
            }
        }
        return body;
    }

    private static void substitute(JsonNode node, String k) {
        if (node instanceof ObjectNode o) {
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                if (e.getValue().isTextual() && e.getValue().asText().contains("{k}")) {
                    e.setValue(TextNode.valueOf(e.getValue().asText().replace("{k}", k)));
                } else {
                    substitute(e.getValue(), k);
                }
            }
        }
    }
}
