package io.memrun.examples.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import io.memrun.sdk.HandlerException;

/**
 * A request's {@code query} object, checked for shape: a known op, a column where the op needs
 * one, and strings where strings belong. Whether the columns exist is checked against the table
 * by {@link QueryEngine}, since only the file knows.
 *
 * @param op the aggregate
 * @param column the column to aggregate; {@code null} only for {@code count} of rows
 * @param groupBy the column to group by, or {@code null}
 */
record Query(Op op, String column, String groupBy) {
    private static final String EXAMPLE = "{\"op\": \"sum\", \"column\": \"amount\", \"group_by\": \"region\"}";

    /** Parses the {@code query} field's value; a 400 naming the problem if it does not fit. */
    static Query parse(JsonNode query) {
        if (!query.isObject()) {
            throw HandlerException.badRequest("request field 'query' must be an object like " + EXAMPLE);
        }
        String opName = optionalText(query, "op");
        if (opName == null) {
            throw HandlerException.badRequest("query.op is required: use one of " + Op.allowed());
        }
        Op op = Op.parse(opName);
        String column = optionalText(query, "column");
        if (column == null && op.numeric()) {
            throw HandlerException.badRequest("query.column is required for op '" + op.wireName()
                    + "': name the numeric column to aggregate, e.g. " + EXAMPLE);
        }
        return new Query(op, column, optionalText(query, "group_by"));
    }

    private static String optionalText(JsonNode query, String field) {
        JsonNode value = query.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw HandlerException.badRequest("query." + field + " must be a string, was " + Texts.clip(value.toString()));
        }
        return value.textValue();
    }
}
