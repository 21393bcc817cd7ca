package io.memrun.shell.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;

/**
 * Builds a request body from shell words: an optional raw JSON object first, then
 * {@code field=value} words. Dotted fields nest ({@code query.op=sum} gives
 * {@code {"query":{"op":"sum"}}}); a value that reads as JSON (number, {@code true},
 * {@code false}, {@code null}, object, array) becomes that JSON value, anything else a string;
 * {@code "..."} and {@code '...'} force a string.
 */
public final class RequestFields {
    private static final ObjectMapper JSON = new ObjectMapper();
    // Without this, "2026-11-26" would read as the number 2026 and silently drop the rest.
    private static final ObjectReader STRICT = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private RequestFields() {
    }

    /**
     * The body the words describe.
     *
     * @throws IllegalArgumentException naming the word that is neither JSON nor {@code field=value}
     */
    public static ObjectNode parse(List<String> words) {
        ObjectNode body = JSON.createObjectNode();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (i == 0 && (w.startsWith("{") || w.startsWith("["))) {
                body = rawObject(w);
            } else {
                set(body, w);
            }
        }
        return body;
    }

    /** Applies one {@code field=value} word to {@code body}. */
    public static void set(ObjectNode body, String word) {
        int eq = word.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("'" + word + "' is not field=value (or a JSON object as the first argument)");
        }
        String path = word.substring(0, eq);
        String[] parts = path.split("\\.", -1);
        ObjectNode node = body;
        for (int p = 0; p < parts.length - 1; p++) {
            requireName(parts[p], path);
            JsonNode child = node.get(parts[p]);
            if (child == null) {
                node = node.putObject(parts[p]);
            } else if (child instanceof ObjectNode o) {
                node = o;
            } else {
                throw new IllegalArgumentException("field " + String.join(".", List.of(parts).subList(0, p + 1))
                        + " is already a value, so " + path + " cannot go inside it");
            }
        }
        String leaf = parts[parts.length - 1];
        requireName(leaf, path);
        node.set(leaf, value(word.substring(eq + 1)));
    }

    /** The JSON value a written value stands for. */
    public static JsonNode value(String text) {
        if (text.length() >= 2 && text.startsWith("'") && text.endsWith("'")) {
            return TextNode.valueOf(text.substring(1, text.length() - 1));
        }
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            try {
                return TextNode.valueOf(JSON.readValue(text, String.class));
            } catch (JsonProcessingException e) {
                return TextNode.valueOf(text.substring(1, text.length() - 1));
            }
        }
        if (text.isEmpty()) {
            return TextNode.valueOf("");
        }
        char c = text.charAt(0);
        boolean jsonish = c == '{' || c == '[' || c == '-' || Character.isDigit(c)
                || text.equals("true") || text.equals("false") || text.equals("null");
        if (jsonish) {
            try {
                return STRICT.readTree(text);
            } catch (JsonProcessingException e) {
                if (c == '{' || c == '[') {
                    throw new IllegalArgumentException("invalid JSON value " + text + ": " + e.getOriginalMessage());
                }
            }
        }
        return TextNode.valueOf(text);
    }

    private static ObjectNode rawObject(String text) {
        try {
            JsonNode n = STRICT.readTree(text);
            if (n instanceof ObjectNode o) {
                return o;
            }
            throw new IllegalArgumentException("the request must be a JSON object, not " + n.getNodeType().name().toLowerCase());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid JSON request: " + e.getOriginalMessage());
        }
    }

    private static void requireName(String part, String path) {
        if (part.isEmpty()) {
            throw new IllegalArgumentException("field name '" + path + "' has an empty part");
        }
    }
}
