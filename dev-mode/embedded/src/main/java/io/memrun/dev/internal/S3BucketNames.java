package io.memrun.dev.internal;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Amazon S3's naming rules for general-purpose buckets, which S3Proxy applies only loosely
 * (it accepts up to 255 characters, upper case and underscores, as S3 once did in us-east-1).
 * A bucket memrun dev accepts must be one that MinIO, AWS and Hetzner accept too, or a service
 * that works locally fails on first deploy.
 */
public final class S3BucketNames {
    private static final Pattern ALLOWED = Pattern.compile("[a-z0-9][a-z0-9.-]*[a-z0-9]");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final List<String> RESERVED_PREFIXES = List.of("xn--", "sthree-", "amzn-s3-demo-");
    private static final List<String> RESERVED_SUFFIXES =
            List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3");

    private S3BucketNames() {
    }

    /** Why {@code name} is not a valid bucket name, or empty if it is one. */
    public static Optional<String> violation(String name) {
        if (name.length() < 3 || name.length() > 63) {
            return Optional.of("must be 3 to 63 characters long, was " + name.length());
        }
        if (!ALLOWED.matcher(name).matches()) {
            return Optional.of("may hold only lower-case letters, digits, dots and hyphens, "
                    + "and must begin and end with a letter or digit");
        }
        if (name.contains("..")) {
            return Optional.of("must not contain two adjacent dots");
        }
        if (IPV4.matcher(name).matches()) {
            return Optional.of("must not be formatted as an IP address");
        }
        for (String prefix : RESERVED_PREFIXES) {
            if (name.startsWith(prefix)) {
                return Optional.of("must not start with the reserved prefix " + prefix);
            }
        }
        for (String suffix : RESERVED_SUFFIXES) {
            if (name.endsWith(suffix)) {
                return Optional.of("must not end with the reserved suffix " + suffix);
            }
        }
        return Optional.empty();
    }
}
