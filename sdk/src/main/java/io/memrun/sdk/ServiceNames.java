package io.memrun.sdk;

import java.util.regex.Pattern;

/**
 * Rules for service names. A name becomes part of Kafka topic names
 * ({@code memrun.<name>.requests}), of consumer group ids and of host names in cloud mode, so it
 * must be a valid DNS label (RFC 1123): 1 to 63 characters, lower-case letters, digits and
 * {@code -}, starting with a letter and ending with a letter or digit. Every DNS label of that
 * form is also a legal Kafka topic part.
 */
public final class ServiceNames {
    /** The longest service name accepted. */
    public static final int MAX_LENGTH = 63;
    private static final Pattern NAME = Pattern.compile("[a-z]([a-z0-9-]*[a-z0-9])?");

    private ServiceNames() {
    }

    /** Returns the name unchanged if it is valid, else throws with a message that says what to fix. */
    public static String requireValid(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return name;
    }

    /** Whether {@code name} is a valid service name. */
    public static boolean isValid(String name) {
        return problem(name) == null;
    }

    private static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "service name is empty: use lower-case letters, digits and '-', e.g. analytics-engine";
        }
        if (name.length() > MAX_LENGTH) {
            return "service name '" + name + "' is " + name.length() + " characters long; the limit is "
                    + MAX_LENGTH + " (it must fit in a DNS label)";
        }
        if (!NAME.matcher(name).matches()) {
            return "invalid service name '" + name + "': use lower-case letters, digits and '-', start with a"
                    + " letter and end with a letter or digit (it is used in Kafka topic names and DNS labels)";
        }
        return null;
    }
}
