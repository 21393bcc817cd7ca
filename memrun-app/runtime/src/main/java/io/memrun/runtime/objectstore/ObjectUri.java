package io.memrun.runtime.objectstore;

import java.util.regex.Pattern;

/**
 * An object address {@code s3://bucket/key}. Bucket names follow S3's rules; a key is a
 * non-empty UTF-8 string of at most 1024 bytes, as in S3, except that it may not start with
 * {@code /} and its {@code /}-separated segments may not be {@code .} or {@code ..}: such keys are
 * legal S3 names but cannot be addressed reliably through path-style URLs (clients and stores
 * normalise them, and the store answers 400), so they are refused here with a message naming the
 * path. An empty segment inside a key ({@code a//b}) is fine. A key is a name, never a file path.
 */
public record ObjectUri(String bucket, String key) {
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public ObjectUri {
        if (bucket == null || !BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new IllegalArgumentException("invalid bucket name '" + bucket
                    + "': 3-63 lower-case letters, digits, '.' and '-', starting and ending with a letter or digit");
        }
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("object key is empty: write s3://" + bucket + "/<key>");
        }
        if (key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 1024) {
            throw new IllegalArgumentException("object key is longer than 1024 bytes");
        }
        for (int i = 0; i < key.length(); i++) {
            if (Character.isISOControl(key.charAt(i))) {
                throw new IllegalArgumentException("object key contains a control character at position " + i);
            }
        }
        boolean leadingSlash = key.startsWith("/");
        for (String segment : key.split("/", -1)) {
            if (leadingSlash || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("object key '" + key + "' starts with '/' or has a '.' or '..' segment:"
                        + " write s3://" + bucket + "/a/b/c (such keys cannot be addressed through the store's URLs)");
            }
        }
    }

    /**
     * Parses {@code s3://bucket/key}.
     *
     * @throws IllegalArgumentException saying what form is expected
     */
    public static ObjectUri parse(String uri) {
        if (uri == null || !uri.startsWith("s3://")) {
            throw new IllegalArgumentException("invalid object path '" + uri + "': write s3://bucket/key");
        }
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("invalid object path '" + uri + "': no key after the bucket; write s3://bucket/key");
        }
        return new ObjectUri(rest.substring(0, slash), rest.substring(slash + 1));
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
