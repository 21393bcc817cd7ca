package io.memrun.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The request fields whose values route a request, written {@code field[:field...]}, e.g.
 * {@code user_id:dataset_id}.
 *
 * <p>The record key of a request is the values of these fields, in this order, joined by
 * {@code ':'} ({@code "u42:ds7"}). Kafka's default (murmur2) partitioner maps that key to a
 * partition, so every request with the same values reaches the same worker and its warm cache.
 * Values must be JSON strings, numbers or booleans; numbers are written as JSON writes them.
 */
public final class StickyKey {
    /** The most fields a sticky key may name. */
    public static final int MAX_FIELDS = 8;
    private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,63}");

    private final String spec;
    private final List<String> fields;

    private StickyKey(String spec, List<String> fields) {
        this.spec = spec;
        this.fields = List.copyOf(fields);
    }

    /**
     * Parses a sticky-key specification.
     *
     * @throws IllegalArgumentException if it is empty, names a field twice, or a field is not an
     *     identifier ({@code [A-Za-z_][A-Za-z0-9_-]*})
     */
    public static StickyKey parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException(
                    "sticky key is empty: name the request fields that route a request, e.g. user_id:dataset_id");
        }
        String[] parts = spec.split(":", -1);
        if (parts.length > MAX_FIELDS) {
            throw new IllegalArgumentException("sticky key '" + spec + "' names " + parts.length
                    + " fields; the limit is " + MAX_FIELDS);
        }
        List<String> fields = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String part : parts) {
            if (!FIELD.matcher(part).matches()) {
                throw new IllegalArgumentException("invalid sticky key '" + spec + "': '" + part
                        + "' is not a field name; write field names separated by ':', e.g. user_id:dataset_id");
            }
            if (!seen.add(part)) {
                throw new IllegalArgumentException("invalid sticky key '" + spec + "': field '" + part
                        + "' appears twice");
            }
            fields.add(part);
        }
        return new StickyKey(spec, fields);
    }

    /** The field names, in routing order. */
    public List<String> fields() {
        return fields;
    }

    /**
     * Computes the record key of a request.
     *
     * @throws MissingStickyFieldException if a field is missing, null, or not a scalar
     */
    public String keyOf(ObjectNode request) {
        StringBuilder key = new StringBuilder();
        List<String> missing = new ArrayList<>();
        for (String field : fields) {
            JsonNode value = request.get(field);
            if (value == null || value.isNull() || !value.isValueNode()) {
                missing.add(field);
                continue;
            }
            if (!key.isEmpty()) {
                key.append(':');
            }
            key.append(value.asText());
        }
        if (!missing.isEmpty()) {
            throw new MissingStickyFieldException(this, missing);
        }
        return key.toString();
    }

    @Override
    public String toString() {
        return spec;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StickyKey other && other.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    /** A request lacks one or more of the sticky-key fields (or one is not a string/number/boolean). */
    public static final class MissingStickyFieldException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final List<String> missing;

        MissingStickyFieldException(StickyKey key, List<String> missing) {
            super("request is missing sticky-key field" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                    + " (the service routes on " + key + "; each must be a string, number or boolean)");
            this.missing = List.copyOf(missing);
        }

        /** The fields that were missing or not scalar. */
        public List<String> missing() {
            return missing;
        }
    }
}
