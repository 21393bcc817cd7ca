package io.memrun.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * A request as the handler sees it: the JSON object the client sent, with typed accessors that
 * answer bad input with a 400 ({@link HandlerException}) naming the field, so handlers need no
 * validation boilerplate.
 */
public final class Request {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ObjectNode body;
    private final String key;

    /**
     * @param body the request object
     * @param key the record key computed from the sticky-key fields
     */
    public Request(ObjectNode body, String key) {
        this.body = Objects.requireNonNull(body, "body");
        this.key = Objects.requireNonNull(key, "key");
    }

    /** The whole request object. Do not modify it. */
    public ObjectNode json() {
        return body;
    }

    /** The routing key, the sticky-key values joined by {@code ':'}, e.g. {@code u42:ds7}. */
    public String key() {
        return key;
    }

    /** A field's value; a 400 if the field is missing or null. */
    public JsonNode get(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw HandlerException.badRequest("request field '" + field + "' is required");
        }
        return value;
    }

    /** A field's value if present and not null. */
    public Optional<JsonNode> find(String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    /** A string field; a 400 if missing or not a string. */
    public String text(String field) {
        JsonNode value = get(field);
        if (!value.isTextual()) {
            throw HandlerException.badRequest("request field '" + field + "' must be a string");
        }
        return value.textValue();
    }

    /** A numeric field as a long; a 400 if missing or not an integral number. */
    public long longValue(String field) {
        JsonNode value = get(field);
        if (!value.canConvertToExactIntegral() || !value.canConvertToLong()) {
            throw HandlerException.badRequest("request field '" + field + "' must be an integer");
        }
        return value.longValue();
    }

    /** A numeric field as a double; a 400 if missing or not a number. */
    public double doubleValue(String field) {
        JsonNode value = get(field);
        if (!value.isNumber()) {
            throw HandlerException.badRequest("request field '" + field + "' must be a number");
        }
        return value.doubleValue();
    }

    /** The whole request bound to a type (a record, say); a 400 naming the problem if it does not fit. */
    public <T> T as(Class<T> type) {
        try {
            return MAPPER.treeToValue(body, type);
        } catch (Exception e) {
            throw HandlerException.badRequest("request does not fit " + type.getSimpleName() + ": "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    @Override
    public String toString() {
        return body.toString();
    }
}
