package io.memrun.cli;

import io.memrun.runtime.objectstore.ObjectStoreSettings;
import java.net.URI;
import picocli.CommandLine.Option;

/**
 * The object store options shared by {@code dev} and {@code worker}. The secret key is read from
 * the environment only ({@code MEMRUN_S3_SECRET_KEY}): a secret on a command line ends up in
 * {@code ps}, shell history and systemd logs.
 */
final class ObjectStoreOptions {
    static final String SECRET_ENV = "MEMRUN_S3_SECRET_KEY";

    @Option(names = "--s3-endpoint", description = "The object store (MinIO, S3, ...), e.g. http://localhost:9000.")
    URI endpoint;

    @Option(names = "--s3-access-key", defaultValue = "${env:MEMRUN_S3_ACCESS_KEY:-minioadmin}",
            description = "Access key (env MEMRUN_S3_ACCESS_KEY). Default: minioadmin; the secret comes from env " + SECRET_ENV + " (default minioadmin)")
    String accessKey;

    @Option(names = "--s3-region", defaultValue = "us-east-1", description = "Signing region. Default: ${DEFAULT-VALUE}")
    String region;

    /** Whether an endpoint was given. */
    boolean present() {
        return endpoint != null;
    }

    /** The settings for the given endpoint. */
    ObjectStoreSettings settings() {
        if (endpoint == null) {
            throw new IllegalArgumentException("--s3-endpoint is required, e.g. --s3-endpoint http://localhost:9000");
        }
        return new ObjectStoreSettings(endpoint, accessKey, System.getenv().getOrDefault(SECRET_ENV, "minioadmin"), region);
    }
}
