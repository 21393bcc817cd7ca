package io.memrun.shell.internal;

import java.util.regex.Pattern;

/**
 * {@code s3://bucket}, {@code s3://bucket/prefix/} or {@code s3://bucket/key}: a bucket and a
 * possibly empty key or prefix.
 */
public record S3Location(String bucket, String key) {
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public S3Location {
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new IllegalArgumentException("invalid bucket name '" + bucket
                    + "': 3-63 lower-case letters, digits, '.' and '-', starting and ending with a letter or digit");
        }
    }

    /**
     * Parses {@code s3://bucket[/key]}.
     *
     * @throws IllegalArgumentException saying what form is expected
     */
    public static S3Location parse(String text) {
        if (!text.startsWith("s3://") || text.length() == "s3://".length()) {
            throw new IllegalArgumentException("'" + text + "' is not an object path: write s3://bucket/key");
        }
        String rest = text.substring("s3://".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? new S3Location(rest, "") : new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /** Whether this names a prefix (empty, or ending in {@code /}) rather than one object. */
    public boolean isPrefix() {
        return key.isEmpty() || key.endsWith("/");
    }

    /** This prefix with {@code name} under it. */
    public S3Location child(String name) {
        return new S3Location(bucket, key.isEmpty() || key.endsWith("/") ? key + name : key + "/" + name);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
