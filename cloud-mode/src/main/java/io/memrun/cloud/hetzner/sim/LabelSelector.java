package io.memrun.cloud.hetzner.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code label_selector}: requirements joined by commas (AND), each one of {@code k=v},
 * {@code k==v}, {@code k!=v}, {@code k}, {@code !k}, {@code k in (a,b)}, {@code k notin (a,b)}.
 * As in Kubernetes, {@code k!=v} and {@code notin} also match objects without {@code k}.
 */
final class LabelSelector implements Predicate<Map<String, String>> {
    private static final Pattern SET = Pattern.compile("^(\\S+)\\s+(in|notin)\\s*\\((.*)\\)$");
    private final List<Predicate<Map<String, String>>> requirements;

    private LabelSelector(List<Predicate<Map<String, String>>> requirements) {
        this.requirements = requirements;
    }

    /** Parses a selector; an empty one matches everything. Bad syntax is a 400 {@code invalid_input}. */
    static LabelSelector parse(String selector) {
        List<Predicate<Map<String, String>>> reqs = new ArrayList<>();
        for (String part : splitTopLevel(selector)) {
            String r = part.strip();
            if (r.isEmpty()) {
                if (selector.isBlank()) {
                    continue;
                }
                throw invalid(selector, "empty requirement");
            }
            reqs.add(requirement(r, selector));
        }
        return new LabelSelector(List.copyOf(reqs));
    }

    @Override
    public boolean test(Map<String, String> labels) {
        return requirements.stream().allMatch(r -> r.test(labels));
    }

    private static Predicate<Map<String, String>> requirement(String r, String selector) {
        Matcher set = SET.matcher(r);
        if (set.matches()) {
            String key = key(set.group(1), selector);
            if (set.group(3).isBlank()) {
                throw invalid(selector, "empty set of values");
            }
            List<String> values = new ArrayList<>();
            for (String v : set.group(3).split(",", -1)) {
                values.add(value(v.strip(), selector));
            }
            Set<String> allowed = Set.copyOf(values);
            return set.group(2).equals("in")
                    ? l -> l.containsKey(key) && allowed.contains(l.get(key))
                    : l -> !l.containsKey(key) || !allowed.contains(l.get(key));
        }
        if (r.startsWith("!")) {
            String key = key(r.substring(1).strip(), selector);
            return l -> !l.containsKey(key);
        }
        int ne = r.indexOf("!=");
        if (ne >= 0) {
            String key = key(r.substring(0, ne).strip(), selector);
            String value = value(r.substring(ne + 2).strip(), selector);
            return l -> !value.equals(l.get(key));
        }
        int eq = r.indexOf('=');
        if (eq >= 0) {
            int valueStart = r.startsWith("==", eq) ? eq + 2 : eq + 1;
            String key = key(r.substring(0, eq).strip(), selector);
            String value = value(r.substring(valueStart).strip(), selector);
            return l -> value.equals(l.get(key));
        }
        String key = key(r, selector);
        return l -> l.containsKey(key);
    }

    private static String key(String key, String selector) {
        if (!Labels.validKey(key) && !(key.startsWith("hetzner.cloud/") && Labels.validKey("x/" + key.substring(14)))) {
            throw invalid(selector, "invalid label key '" + key + "'");
        }
        return key;
    }

    private static String value(String value, String selector) {
        if (!Labels.validValue(value)) {
            throw invalid(selector, "invalid label value '" + value + "'");
        }
        return value;
    }

    private static List<String> splitTopLevel(String s) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    private static HetznerError invalid(String selector, String why) {
        return HetznerError.invalidInput("label_selector", "invalid label selector '" + selector + "': " + why);
    }
}
