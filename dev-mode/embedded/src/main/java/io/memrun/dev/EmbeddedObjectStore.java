package io.memrun.dev;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.memrun.dev.internal.Deadline;
import io.memrun.dev.internal.S3Probe;
import io.memrun.dev.internal.StrictBucketNameBlobStore;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3-compatible object store running inside this JVM, keeping its objects as plain files on
 * local disk: the S3 of {@code memrun dev} and of memrun's integration tests. It is
 * <a href="https://github.com/gaul/s3proxy">S3Proxy</a> with its filesystem backend, and it
 * speaks enough of the S3 REST API for the AWS SDKs, the AWS CLI, s3cmd and minio-java: create
 * and delete buckets, put, list, get (ranged too), head, copy, delete and multipart uploads,
 * with AWS signature V2 or V4 against one access key.
 *
 * <h2>Clients</h2>
 * Use {@link #endpoint()} with path-style addressing (bucket in the path, not the host name)
 * and region {@link #region()}. Clients that compute request checksums on every upload (AWS
 * SDK for Java 2.30 and later, by default) should be built to send them only when required
 * ({@code requestChecksumCalculation(WHEN_REQUIRED)}, likewise {@code
 * responseChecksumValidation}), as for many S3-compatible stores.
 *
 * <h2>Data</h2>
 * Each bucket is a directory under {@code dataDir} and each object a file inside it, with its
 * metadata in extended file attributes. A later start on the same directory serves the same
 * buckets and objects. Bucket names follow S3's rules (3 to 63 characters, lower-case letters,
 * digits, dots and hyphens); other names are rejected with {@code InvalidBucketName}.
 *
 * <p>Instances are thread-safe. {@link #close()} the store to release its port and threads.
 */
public final class EmbeddedObjectStore implements AutoCloseable {
    /** MinIO's default access key, so tools configured for a local MinIO work unchanged. */
    public static final String DEFAULT_ACCESS_KEY = "minioadmin";
    /** MinIO's default secret key. */
    public static final String DEFAULT_SECRET_KEY = "minioadmin";
    /** How long {@link #start} waits for the store to answer. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedObjectStore.class);
    private static final String REGION = "us-east-1";

    private final S3Proxy server;
    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedObjectStore(S3Proxy server, URI endpoint, String accessKey, String secretKey) {
        this.server = server;
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /**
     * Starts a store with MinIO's default credentials, {@value #DEFAULT_ACCESS_KEY} /
     * {@value #DEFAULT_SECRET_KEY}; see {@link #start(Path, int, String, String)}.
     */
    public static EmbeddedObjectStore start(Path dataDir, int port) {
        return start(dataDir, port, DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY);
    }

    /**
     * Starts a store and blocks until it answers S3 requests at {@link #endpoint()}: until an
     * unauthenticated request gets S3's signed-request error back. Gives up after
     * {@link #START_TIMEOUT}.
     *
     * @param dataDir where buckets and objects are kept; created if missing
     * @param port the HTTP port on {@code localhost}, or 0 for any free port
     * @param accessKey the one access key (AWS access key id) requests must be signed with
     * @param secretKey its secret
     * @return the running store
     * @throws IllegalArgumentException if the port is out of range or a key is blank
     * @throws StartupException if the directory cannot be created, the port cannot be bound or
     *         the store does not answer in time; anything already started has been stopped
     */
    public static EmbeddedObjectStore start(Path dataDir, int port, String accessKey, String secretKey) {
        Objects.requireNonNull(dataDir, "dataDir");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (any free port) or 1-65535, was " + port);
        }
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException("accessKey and secretKey must not be blank");
        }
        long started = System.nanoTime();
        Path root = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new StartupException("Could not create the object store directory " + root, e);
        }
        S3Proxy server = S3Proxy.builder()
                .blobStore(new StrictBucketNameBlobStore(new FilesystemNio2BlobStore(root.toString())))
                .endpoint(URI.create("http://localhost:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                // close() means the platform, the store's only real client, is going away
                // too: don't hold it up for idle keep-alive connections.
                .stopTimeout(0)
                .build();
        try {
            server.start();
        } catch (Exception e) {
            StartupException failure = new StartupException("Object store on localhost:" + port + " (data in "
                    + root + ") failed to start: " + e.getMessage(), e);
            // A Jetty that failed to bind has already started its thread pool.
            stopQuietly(server, failure);
            throw failure;
        }
        URI endpoint = URI.create("http://localhost:" + server.getPort());
        try {
            S3Probe.awaitReady(endpoint, Deadline.after(START_TIMEOUT));
        } catch (TimeoutException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            StartupException failure = new StartupException("Object store at " + endpoint + " (data in "
                    + root + ") did not answer within " + START_TIMEOUT.toSeconds() + " s", e);
            stopQuietly(server, failure);
            throw failure;
        }
        LOG.info("Object store ready at {} in {} ms (data in {})", endpoint,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), root);
        return new EmbeddedObjectStore(server, endpoint, accessKey, secretKey);
    }

    private static void stopQuietly(S3Proxy server, Exception failure) {
        try {
            server.stop();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }

    /** The S3 endpoint, {@code http://localhost:<port>}; address buckets path-style. */
    public URI endpoint() {
        return endpoint;
    }

    /** The HTTP port on {@code localhost}; the port actually bound when started with 0. */
    public int port() {
        return endpoint.getPort();
    }

    /** The access key requests must be signed with. */
    public String accessKey() {
        return accessKey;
    }

    /** The secret of {@link #accessKey()}. */
    public String secretKey() {
        return secretKey;
    }

    /** The region to sign requests for: always {@code us-east-1}, as with MinIO's default. */
    public String region() {
        return REGION;
    }

    /**
     * Stops serving: requests still in flight are aborted (an interrupted upload stores nothing)
     * and the port is released. The objects stay on disk for the next {@link #start}. Failures
     * while stopping are logged, not thrown. Calling it again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Object store at {} did not stop cleanly", endpoint, e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedObjectStore[" + endpoint + "]";
    }
}
