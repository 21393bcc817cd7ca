package io.memrun.examples.analytics;

import io.memrun.sdk.HandlerException;
import java.util.Locale;

/** An aggregate operation, named in requests by its lower-case name. */
enum Op {
    COUNT, SUM, AVG, MIN, MAX;

    private static final String ALLOWED = "count, sum, avg, min, max";

    /** Whether the op reads numbers, and so needs a numeric column. */
    boolean numeric() {
        return this != COUNT;
    }

    /** The name requests use. */
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The op named {@code name}, case-insensitively; a 400 listing the allowed ops otherwise. */
    static Op parse(String name) {
        for (Op op : values()) {
            if (op.wireName().equalsIgnoreCase(name)) {
                return op;
            }
        }
        throw HandlerException.badRequest("unknown query.op '" + Texts.clip(name) + "': use one of " + ALLOWED);
    }

    static String allowed() {
        return ALLOWED;
    }
}
