package io.memrun.shell.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The object store as the shell uses it (upload, list, remove), over the AWS SDK, path-style, so
 * it works against the embedded store, MinIO and S3 alike. SDK failures become one-line
 * {@link IOException}s.
 */
public final class ObjectStoreClient implements AutoCloseable {
    private final S3Client s3;
    private final URI endpoint;

    /** One listed object. */
    public record Listed(String key, long size, Instant modified) {
    }

    public ObjectStoreClient(URI endpoint, String region, String accessKey, String secretKey) {
        this.endpoint = endpoint;
        this.s3 = S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .forcePathStyle(true)
                // SDK 2.30+ sends streaming checksums by default; many S3-compatible stores reject them.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5)).socketTimeout(Duration.ofSeconds(120)))
                .build();
    }

    /** The store's endpoint. */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * Creates the bucket unless it exists.
     *
     * @return whether it was created
     */
    public boolean ensureBucket(String bucket) throws IOException {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return false;
        } catch (NoSuchBucketException e) {
            run(() -> s3.createBucket(b -> b.bucket(bucket)));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                run(() -> s3.createBucket(b -> b.bucket(bucket)));
                return true;
            }
            throw failure(e);
        } catch (SdkException e) {
            throw failure(e);
        }
    }

    /**
     * Uploads one file in a single PUT, reporting bytes sent as they go.
     *
     * @param sent told the running total of bytes read from the file
     */
    public void upload(Path file, S3Location target, LongConsumer sent) throws IOException {
        long size = Files.size(file);
        // A provider, not a stream: the SDK may call it again to retry, and each call starts over.
        ContentStreamProvider content = () -> {
            try {
                return new CountingInputStream(Files.newInputStream(file), sent);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        run(() -> s3.putObject(b -> b.bucket(target.bucket()).key(target.key()),
                RequestBody.fromContentProvider(content, size, "application/octet-stream")));
    }

    /** Buckets, by name. */
    public List<String> buckets() throws IOException {
        List<String> names = new ArrayList<>();
        run(() -> s3.listBuckets().buckets().forEach(b -> names.add(b.name())));
        return names;
    }

    /** Objects under a prefix, at most {@code limit}. */
    public List<Listed> list(S3Location prefix, int limit) throws IOException {
        List<Listed> out = new ArrayList<>();
        run(() -> {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(prefix.bucket()).prefix(prefix.key())).contents()) {
                if (out.size() >= limit) {
                    break;
                }
                out.add(new Listed(o.key(), o.size(), o.lastModified()));
            }
        });
        return out;
    }

    /**
     * Removes one object.
     *
     * @return its size
     * @throws IOException saying so when there is no such object (S3's DELETE would not)
     */
    public long remove(S3Location object) throws IOException {
        long size;
        try {
            size = s3.headObject(b -> b.bucket(object.bucket()).key(object.key())).contentLength();
        } catch (NoSuchKeyException | NoSuchBucketException e) {
            throw new IOException("no object " + object);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new IOException("no object " + object);
            }
            throw failure(e);
        } catch (SdkException e) {
            throw failure(e);
        }
        run(() -> s3.deleteObject(b -> b.bucket(object.bucket()).key(object.key())));
        return size;
    }

    private void run(Runnable call) throws IOException {
        try {
            call.run();
        } catch (SdkException | java.io.UncheckedIOException e) {
            throw failure(e);
        }
    }

    private IOException failure(RuntimeException e) {
        if (e instanceof S3Exception s3e && s3e.awsErrorDetails() != null) {
            return new IOException("object store " + endpoint + ": " + s3e.statusCode() + " "
                    + s3e.awsErrorDetails().errorCode() + " " + s3e.awsErrorDetails().errorMessage(), e);
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        return new IOException("object store " + endpoint + ": " + m, e);
    }

    @Override
    public void close() {
        s3.close();
    }

    /** Reports bytes read, so a progress bar can follow an upload. */
    private static final class CountingInputStream extends java.io.FilterInputStream {
        private final LongConsumer sent;
        private long count;

        CountingInputStream(InputStream in, LongConsumer sent) {
            super(in);
            this.sent = sent;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                sent.accept(++count);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                count += n;
                sent.accept(count);
            }
            return n;
        }
    }
}
