package io.memrun.cloud.hetzner.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Hetzner's label rules: a key is an optional DNS-subdomain prefix and a slash, then a name of at
 * most 63 characters that begins and ends with a letter or digit ({@code -_.} between); a value is
 * empty or follows the name rule. The {@code hetzner.cloud/} prefix is reserved.
 */
final class Labels {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private Labels() {
    }

    static boolean validKey(String key) {
        int slash = key.indexOf('/');
        if (slash < 0) {
            return NAME.matcher(key).matches();
        }
        String prefix = key.substring(0, slash);
        return validSubdomain(prefix) && !prefix.equals("hetzner.cloud")
                && NAME.matcher(key.substring(slash + 1)).matches();
    }

    static boolean validValue(String value) {
        return value.isEmpty() || NAME.matcher(value).matches();
    }

    /** Whether {@code name} is a hostname as RFC 1123 has it (labels of letters, digits and hyphens). */
    static boolean validHostname(String name) {
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (!DNS_LABEL.matcher(label.toLowerCase(java.util.Locale.ROOT)).matches()) {
                return false;
            }
        }
        return true;
    }

    /** The labels object of a request body ({@code field} names it in errors). */
    static Map<String, String> parse(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw HetznerError.invalidInput(field, "labels must be an object of strings");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (var e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw HetznerError.invalidInput(field, "label value of '" + e.getKey() + "' must be a string");
            }
            if (!validKey(e.getKey())) {
                throw HetznerError.invalidInput(field, "invalid label key '" + e.getKey() + "'");
            }
            if (!validValue(e.getValue().asText())) {
                throw HetznerError.invalidInput(field, "invalid label value for '" + e.getKey() + "'");
            }
            labels.put(e.getKey(), e.getValue().asText());
        }
        return labels;
    }

    private static boolean validSubdomain(String prefix) {
        return prefix.length() <= 253 && !prefix.isEmpty()
                && java.util.Arrays.stream(prefix.split("\\.", -1)).allMatch(l -> DNS_LABEL.matcher(l).matches());
    }
}
