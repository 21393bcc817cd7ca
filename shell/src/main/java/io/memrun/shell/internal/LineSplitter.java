package io.memrun.shell.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a shell line into words. Whitespace separates words; {@code '...'} and {@code "..."}
 * group words and are removed, except in the value of a {@code field=value} word, where they are
 * kept so that {@link RequestFields} can tell a quoted string ({@code user_id="42"}) from a number
 * ({@code user_id=42}). JSON written inline ({@code {"a": 1}} as a word, or after
 * {@code field=}) is taken verbatim up to its matching bracket, quotes and spaces included,
 * because a JSON body with its quotes stripped would no longer be JSON.
 */
public final class LineSplitter {
    private LineSplitter() {
    }

    /**
     * The words of {@code line}.
     *
     * @throws IllegalArgumentException for an unclosed quote or bracket, naming it
     */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        boolean inValue = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                    inValue = false;
                }
                i++;
            } else if ((c == '{' || c == '[') && (!inWord || (inValue && endsWithEquals(word)))) {
                int end = matchingBracket(line, i);
                word.append(line, i, end + 1);
                inWord = true;
                i = end + 1;
            } else if (c == '\'' || c == '"') {
                int end = line.indexOf(c, i + 1);
                while (c == '"' && end > 0 && line.charAt(end - 1) == '\\') {
                    end = line.indexOf(c, end + 1);
                }
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed " + c + " starting at column " + (i + 1));
                }
                word.append(inValue ? line.substring(i, end + 1) : line.substring(i + 1, end));
                inWord = true;
                i = end + 1;
            } else if (c == '\\' && i + 1 < line.length() && !inValue) {
                word.append(line.charAt(i + 1));
                inWord = true;
                i += 2;
            } else {
                if (c == '=' && !inValue) {
                    inValue = true;
                }
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private static boolean endsWithEquals(StringBuilder word) {
        return !word.isEmpty() && word.charAt(word.length() - 1) == '=';
    }

    /** The index of the bracket closing the one at {@code start}, skipping JSON strings. */
    private static int matchingBracket(String line, int start) {
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < line.length(); i++) {
            char c = line.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        throw new IllegalArgumentException("unclosed " + line.charAt(start) + " starting at column " + (start + 1));
    }
}
