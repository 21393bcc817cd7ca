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

    /** The base name of a cache file ({@code .obj} or {@code .meta}), or {@code null} if it is not one. */
    static String baseNameOf(String fileName) {
        String base;
        if (fileName.endsWith(OBJECT_SUFFIX)) {
            base = fileName.substring(0, fileName.length() - OBJECT_SUFFIX.length());
        } else if (fileName.endsWith(META_SUFFIX)) {
            base = fileName.substring(0, fileName.length() - META_SUFFIX.length());
        } else {
            return null;
        }
        return BASE_NAME.matcher(base).matches() ? base : null;
    }
}
