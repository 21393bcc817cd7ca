package io.memrun.cloud.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Bearer tokens: 256 random bits, prefixed by their kind so a leaked one is recognisable
 * ({@code mr_admin_}, {@code mr_invoke_}, {@code mr_boot_}). Only their SHA-256 is stored; with
 * that much entropy a plain hash is enough (no password stretching needed).
 */
public final class Tokens {
    /** Administers the cluster: deploy, scale, destroy, status, tokens. */
    public static final String ADMIN = "mr_admin_";
    /** Invokes one service. */
    public static final String INVOKE = "mr_invoke_";
    /** A new server's single-use enrollment token. */
    public static final String BOOTSTRAP = "mr_boot_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    /** A new token of the given kind. */
    public static String generate(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The token's SHA-256, hex: what the scheduler stores and compares. */
    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** A short, non-secret handle for logs and listings: the kind and the hash's first 8 characters. */
    public static String fingerprint(String token) {
        int kindEnd = token.indexOf('_', 3) + 1;
        return token.substring(0, Math.max(0, kindEnd)) + hash(token).substring(0, 8);
    }
}
