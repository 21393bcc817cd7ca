package io.memrun.runtime.objectstore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** {@link ObjectStore} over AWS SDK v2, path-style, for MinIO, S3 and the embedded store. */
final class S3ObjectStore implements ObjectStore {
    private final S3Client s3;
    private final S3Presigner presigner;
    private final ObjectStoreSettings settings;

    S3ObjectStore(ObjectStoreSettings settings) {
        this.settings = settings;
        this.s3 = S3Client.builder()
                .endpointOverride(settings.endpoint())
                .region(Region.of(settings.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())))
                .forcePathStyle(true)
                // SDK 2.30+ sends streaming checksums by default; many S3-compatible stores reject them.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        // A store that accepts connections but stops answering must fail a fetch well
                        // inside the 30 s request deadline: 8 s without a byte, at most 2 attempts.
                        .socketTimeout(Duration.ofSeconds(8)))
                .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(2)))
                .build();
        this.presigner = S3Presigner.builder()
                .endpointOverride(settings.endpoint())
                .region(Region.of(settings.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }

    @Override
    public URI presignGet(ObjectUri uri, Duration ttl) {
        try {
            return presigner.presignGetObject(b -> b.signatureDuration(ttl)
                    .getObjectRequest(g -> g.bucket(uri.bucket()).key(uri.key()))).url().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("the presigner made an invalid URL for " + uri, e);
        }
    }

    @Override
    public void delete(ObjectUri uri) throws IOException {
        try {
            s3.deleteObject(b -> b.bucket(uri.bucket()).key(uri.key()));
        } catch (NoSuchKeyException | NoSuchBucketException e) {
            // already gone
        } catch (SdkException e) {
            throw new ObjectStoreUnavailableException("deleting " + uri + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public ObjectInfo head(ObjectUri uri) throws IOException {
        try {
            HeadObjectResponse r = s3.headObject(b -> b.bucket(uri.bucket()).key(uri.key()));
            return new ObjectInfo(r.contentLength(), r.eTag());
        } catch (NoSuchKeyException | NoSuchBucketException e) {
            throw new ObjectNotFoundException(uri);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new ObjectNotFoundException(uri);
            }
            throw failure("head", uri, e);
        } catch (SdkClientException e) {
            throw failure("head", uri, e);
        }
    }

    @Override
    public ObjectInfo download(ObjectUri uri, Path target) throws IOException {
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(uri.bucket()).key(uri.key()))) {
            long written = copy(in, target);
            return new ObjectInfo(written, in.response().eTag());
        } catch (NoSuchKeyException | NoSuchBucketException e) {
            throw new ObjectNotFoundException(uri);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new ObjectNotFoundException(uri);
            }
            throw failure("get", uri, e);
        } catch (SdkClientException e) {
            throw failure("get", uri, e);
        }
    }

    private static long copy(InputStream in, Path target) throws IOException {
        return Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public ObjectInfo downloadRange(ObjectUri uri, long offset, long length, Path target, long targetOffset)
            throws IOException {
        if (offset < 0 || length <= 0 || targetOffset < 0) {
            throw new IllegalArgumentException("invalid range: offset " + offset + ", length " + length
                    + ", target offset " + targetOffset);
        }
        long last = offset + length - 1 < 0 ? Long.MAX_VALUE : offset + length - 1; // "to the end" if it overflows
        String range = "bytes=" + offset + "-" + last;
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(uri.bucket()).key(uri.key()).range(range));
             FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE)) {
            GetObjectResponse r = in.response();
            long total = totalLength(r);
            if (total < 0) {
                in.abort();
                throw new ObjectStoreUnavailableException("get " + uri + " at " + settings.endpoint()
                        + " answered without the object's length", null);
            }
            // A store that ignores Range answers 200 with the whole object: skip to the range.
            long skip = r.contentRange() == null ? offset : 0;
            long expected = Math.max(0, Math.min(length, total - offset));
            long written = copyRange(uri, in, skip, expected, out, targetOffset);
            if (written < expected) {
                in.abort();
                throw new ObjectStoreUnavailableException("get " + uri + " " + range + " at " + settings.endpoint()
                        + " ended after " + written + " of " + expected + " bytes", null);
            }
            if (r.contentLength() == null || expected < r.contentLength() - skip) {
                in.abort(); // we stopped early on purpose; don't drain the rest of an ignored range
            }
            return new ObjectInfo(total, r.eTag());
        } catch (NoSuchKeyException | NoSuchBucketException e) {
            throw new ObjectNotFoundException(uri);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new ObjectNotFoundException(uri);
            }
            if (e.statusCode() == 416 && offset == 0) {
                // S3 refuses any range of an empty object; it is not an error for the caller.
                ObjectInfo info = head(uri);
                if (info.size() == 0) {
                    return info;
                }
            }
            throw failure("get", uri, e);
        } catch (SdkClientException e) {
            throw failure("get", uri, e);
        }
    }

    private static long totalLength(GetObjectResponse r) {
        String cr = r.contentRange(); // "bytes 0-99/1234"
        if (cr != null) {
            int slash = cr.lastIndexOf('/');
            if (slash >= 0 && !cr.endsWith("*")) {
                try {
                    return Long.parseLong(cr.substring(slash + 1).trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return r.contentLength() == null ? -1 : r.contentLength();
    }

    /** Copies with positional writes; read failures are the store's, write failures are the disk's. */
    private IOException readFailure(ObjectUri uri, IOException e) {
        return new ObjectStoreUnavailableException("get " + uri + " at " + settings.endpoint() + " broke off: "
                + e.getMessage(), e);
    }

    private long copyRange(ObjectUri uri, InputStream in, long skip, long expected, FileChannel out, long position)
            throws IOException {
        byte[] buf = new byte[256 * 1024];
        try {
            in.skipNBytes(skip);
        } catch (IOException e) {
            throw readFailure(uri, e);
        }
        long done = 0;
        while (done < expected) {
            int n;
            try {
                n = in.read(buf, 0, (int) Math.min(buf.length, expected - done));
            } catch (IOException e) {
                throw readFailure(uri, e);
            }
            if (n < 0) {
                break;
            }
            ByteBuffer chunk = ByteBuffer.wrap(buf, 0, n);
            while (chunk.hasRemaining()) {
                out.write(chunk, position + done + chunk.position());
            }
            done += n;
        }
        return done;
    }

    @Override
    public void upload(ObjectUri uri, Path source) throws IOException {
        try {
            s3.putObject(b -> b.bucket(uri.bucket()).key(uri.key()), RequestBody.fromFile(source));
        } catch (S3Exception | SdkClientException | UncheckedIOException e) {
            throw failure("put", uri, e);
        }
    }

    @Override
    public void upload(ObjectUri uri, byte[] bytes) throws IOException {
        try {
            s3.putObject(b -> b.bucket(uri.bucket()).key(uri.key()), RequestBody.fromBytes(bytes));
        } catch (S3Exception | SdkClientException e) {
            throw failure("put", uri, e);
        }
    }

    @Override
    public void ensureBucket(String bucket) throws IOException {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            try {
                s3.createBucket(b -> b.bucket(bucket));
            } catch (S3Exception | SdkClientException ce) {
                throw new IOException("cannot create bucket " + bucket + " at " + settings.endpoint() + ": " + message(ce), ce);
            }
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                s3.createBucket(b -> b.bucket(bucket));
                return;
            }
            throw new IOException("bucket " + bucket + " at " + settings.endpoint() + ": " + message(e), e);
        } catch (SdkClientException e) {
            throw new IOException("object store at " + settings.endpoint() + " unreachable: " + message(e), e);
        }
    }

    @Override
    public void ping() throws IOException {
        try {
            s3.listBuckets();
        } catch (S3Exception | SdkClientException e) {
            throw new IOException("object store at " + settings.endpoint() + " does not answer: " + message(e), e);
        }
    }

    private IOException failure(String op, ObjectUri uri, RuntimeException e) {
        return new ObjectStoreUnavailableException(op + " " + uri + " at " + settings.endpoint() + " failed: " + message(e), e);
    }

    private static String message(RuntimeException e) {
        if (e instanceof S3Exception s3e && s3e.awsErrorDetails() != null) {
            return s3e.statusCode() + " " + s3e.awsErrorDetails().errorCode() + " " + s3e.awsErrorDetails().errorMessage();
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    @Override
    public void close() {
        presigner.close();
        s3.close();
    }
}
