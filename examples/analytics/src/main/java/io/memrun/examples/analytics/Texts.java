package io.memrun.examples.analytics;

import java.util.List;

/** Quoting caller-supplied text in error messages without letting it flood them. */
final class Texts {
    private static final int MAX_CHARS = 80;

    private Texts() {
    }

    /** {@code text}, cut to a readable length. */
    static String clip(String text) {
        return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS) + "...";
    }

    /** The first {@code max} names joined by commas, with a count of the rest. */
    static String list(List<String> names, int max) {
        StringBuilder out = new StringBuilder();
        int shown = Math.min(max, names.size());
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(clip(names.get(i)));
        }
        if (names.size() > shown) {
            out.append(" (and ").append(names.size() - shown).append(" more)");
        }
        return out.toString();
    }
}
