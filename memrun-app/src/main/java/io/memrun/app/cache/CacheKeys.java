package io.memrun.app.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Maps an object URI to a cache file name. The name is the SHA-256 of the URI in hex: any legal
 * S3 key works, two URIs never share a file in practice, and no URI (not even
 * {@code s3://b/../../etc/passwd}) can name a path outside the cache directory.
 */
final class CacheKeys {
    private CacheKeys() {
    }

    static String fileName(String uri) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(uri.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest) + ".obj";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
