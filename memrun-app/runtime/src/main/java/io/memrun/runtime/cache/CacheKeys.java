package io.memrun.runtime.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Maps object URIs to cache file names. A name is {@code <sha256(uri)>-<generation>}: any legal S3
 * key works (the key never becomes part of a path), two URIs never share a file in practice, and
 * no URI (not even {@code s3://b/../../etc/passwd}) can name a path outside the cache directory.
 *
 * <p>The generation is random and new for every download, so a refetch never overwrites the file
 * of an older copy that a request may still be reading.
 */
final class CacheKeys {
    /** Suffix of the file holding an object's bytes. */
    static final String OBJECT_SUFFIX = ".obj";
    /** Suffix of the sidecar describing it (see {@link EntryRecord}). */
    static final String META_SUFFIX = ".meta";
    /** Suffix of a structure decoded from an object: {@code <base>.<form name>.decoded}. */
    static final String DECODED_SUFFIX = ".decoded";

    private static final Pattern FORM_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private static final Pattern BASE_NAME = Pattern.compile("[0-9a-f]{64}-[0-9a-z]{1,13}");

    private CacheKeys() {
    }

    /** The hex SHA-256 of the URI's UTF-8 bytes. */
    static String hash(String uri) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(uri.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** A base name (no suffix) for a new download of {@code uri}. */
    static String newBaseName(String uri) {
        return hash(uri) + "-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    }

    /**
     * Whether {@code baseName} is a well-formed name for {@code uri}. Names read back from
     * {@code index.json} or a sidecar pass through here, so a tampered index cannot point the cache
     * at any other file.
     */
    static boolean belongsTo(String baseName, String uri) {
        return baseName != null && uri != null && BASE_NAME.matcher(baseName).matches()
                && baseName.startsWith(hash(uri)) && baseName.charAt(64) == '-';
    }

    /**
     * Checks a {@link io.memrun.sdk.DecodedForm} name, which becomes part of a file name.
     *
     * @throws IllegalArgumentException saying what a name may hold
     */
    static String checkFormName(String name) {
        if (name == null || !FORM_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a decoded form's name must be 1-64 characters of a-z, 0-9, '.', '_'"
                    + " and '-', starting with a letter or digit (e.g. csv-columns-v1); was '" + name + "'");
        }
        return name;
    }

    /** The file name of form {@code name} decoded from the object in {@code base}. */
    static String decodedFileName(String base, String name) {
        return base + "." + name + DECODED_SUFFIX;
    }

    /** The form name of a decoded file's name, or {@code null} if it is not one. */
    static String formNameOf(String fileName) {
        if (!fileName.endsWith(DECODED_SUFFIX)) {
            return null;
        }
        int dot = fileName.indexOf('.');
        int end = fileName.length() - DECODED_SUFFIX.length();
        if (dot + 1 > end) {
            return null; // "x.decoded": no form name
        }
        String name = fileName.substring(dot + 1, end);
        return FORM_NAME.matcher(name).matches() ? name : null;
    }

    /** The base name of a cache file ({@code .obj}, {@code .meta} or {@code .decoded}), or {@code null} if it is not one. */
    static String baseNameOf(String fileName) {
        String base;
        if (fileName.endsWith(DECODED_SUFFIX)) {
            int dot = fileName.indexOf('.');
            base = formNameOf(fileName) == null ? null : fileName.substring(0, dot);
            if (base == null) {
                return null;
            }
        } else if (fileName.endsWith(OBJECT_SUFFIX)) {
            base = fileName.substring(0, fileName.length() - OBJECT_SUFFIX.length());
        } else if (fileName.endsWith(META_SUFFIX)) {
            base = fileName.substring(0, fileName.length() - META_SUFFIX.length());
        } else {
            return null;
        }
        return BASE_NAME.matcher(base).matches() ? base : null;
    }
}
