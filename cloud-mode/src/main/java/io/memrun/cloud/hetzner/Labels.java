package io.memrun.cloud.hetzner;

import java.util.Map;
import java.util.regex.Pattern;

/** Hetzner's label syntax (the Kubernetes one): checked before a request so the error names the label. */
final class Labels {

    /** 1-63 characters, alphanumeric at both ends, {@code - _ .} inside. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?");
    /** A DNS subdomain, at most 253 characters. */
    private static final Pattern PREFIX =
            Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    private Labels() {
    }

    /** An immutable copy of {@code labels}, or an {@link IllegalArgumentException} naming the bad key or value. */
    static Map<String, String> validated(Map<String, String> labels) {
        Map<String, String> copy = Map.copyOf(labels);
        copy.forEach((key, value) -> {
            if (!validKey(key)) {
                throw new IllegalArgumentException("label key is not valid (Hetzner label syntax): " + key);
            }
            if (!value.isEmpty() && !NAME.matcher(value).matches()) {
                throw new IllegalArgumentException("label value of " + key + " is not valid (Hetzner label syntax): "
                        + value);
            }
        });
        return copy;
    }

    private static boolean validKey(String key) {
        int slash = key.indexOf('/');
        if (slash < 0) {
            return NAME.matcher(key).matches();
        }
        String prefix = key.substring(0, slash);
        return prefix.length() <= 253 && PREFIX.matcher(prefix).matches()
                && NAME.matcher(key.substring(slash + 1)).matches();
    }
}
