package io.memrun.dev;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What memrun needs from an S3-compatible store, through the AWS SDK for Java v2, written once
 * and run against the embedded store and a real MinIO. Each test works in buckets of its own.
 * {@link MinioClientObjectStoreContract} covers the same ground through minio-java.
 */
abstract class AwsSdkObjectStoreContract {
    static final int MIB = 1024 * 1024;

    /** The store under test. */
    protected abstract S3Target target();

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String createBucket(S3Client s3) {
        String bucket = S3Target.uniqueBucket("aws");
        s3.createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    @Test
    void createBucket_validName_isListed() {
        try (S3Client s3 = target().aws()) {
            String bucket = createBucket(s3);

            assertTrue(s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(bucket)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "a-name-that-is-one-character-too-long-for-the-s3-rules-012345678",
        "Upper-case-bucket", "under_score", "-leading-hyphen", "two..dots", "192.168.5.4"})
    void createBucket_invalidName_isRejectedWithInvalidBucketName(String name) throws Exception {
        // Sent raw: the SDK itself refuses most of these names before any request leaves.
        RawS3Request.Response response = new RawS3Request("PUT", "/" + name).send(target());

        assertEquals(400, response.status(), response.body());
        assertTrue(response.body().contains("<Code>InvalidBucketName</Code>"), response.body());
        try (S3Client s3 = target().aws()) {
            assertFalse(s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(name)));
        }
    }

    @Test
    void createBucket_rawSignedRequestWithValidName_succeeds() throws Exception {
        // Shows that the raw requests above are signed correctly, so their 400 is about the name.
        String bucket = S3Target.uniqueBucket("raw");

        RawS3Request.Response response = new RawS3Request("PUT", "/" + bucket).send(target());

        assertEquals(200, response.status(), response.body());
    }

    @Test
    void putObject_thenGetObject_returnsSameBytesAndMetadata() {
        try (S3Client s3 = target().aws()) {
            String bucket = createBucket(s3);
            byte[] data = randomBytes(100_000, 1);

            s3.putObject(p -> p.bucket(bucket).key("dir/data.bin").contentType("application/octet-stream")
                    .metadata(Map.of("origin", "test")), RequestBody.fromBytes(data));
            ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(g -> g.bucket(bucket).key("dir/data.bin"));

            assertArrayEquals(data, got.asByteArray());
            assertEquals(data.length, got.response().contentLength());
            assertEquals("application/octet-stream", got.response().contentType());
            assertEquals("test", got.response().metadata().get("origin"));
        }
    }

    @Test
    void listObjectsV2_withPrefix_returnsOnlyMatchingKeysInOrder() {
        try (S3Client s3 = target().aws()) {
            String bucket = createBucket(s3);
            for (String key : List.of("tables/b.parquet", "tables/a.parquet", "other/c.parquet")) {
                s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromString(key));
            }

            List<String> keys = s3.listObjectsV2(l -> l.bucket(bucket).prefix("tables/")).contents().stream()
                    .map(S3Object::key).toList();

            assertEquals(List.of("tables/a.parquet", "tables/b.parquet"), keys);
        }
    }

    @Test
    void getObject_range10to19_returnsThoseTenBytes() {
        try (S3Client s3 = target().aws()) {
            String bucket = createBucket(s3);
            byte[] data = randomBytes(1_000, 2);
            s3.putObject(p -> p.bucket(bucket).key("ranged"), RequestBody.fromBytes(data));

            ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(g -> g.bucket(bucket).key("ranged")
                    .range("bytes=10-19"));

            assertArrayEquals(Arrays.copyOfRange(data, 10, 20), got.asByteArray());
            assertEquals("bytes 10-19/1000", got.response().contentRange());
        }
    }

    @Test
    void multipartUpload_twoPartsOfFiveMibPlus_objectIsTheirConcatenation() {
        try (S3Client s3 = target().aws()) {
            String bucket = createBucket(s3);
            byte[] first = randomBytes(5 * MIB, 3);
            byte[] second = randomBytes(5 * MIB + 17, 4);

            String uploadId = s3.createMultipartUpload(c -> c.bucket(bucket).key("big")).uploadId();
            List<CompletedPart> parts = new ArrayList<>();
            int partNumber = 1;
            for (byte[] part : List.of(first, second)) {
                int number = partNumber++;
                String etag = s3.uploadPart(u -> u.bucket(bucket).key("big").uploadId(uploadId).partNumber(number),
                        RequestBody.fromBytes(part)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            s3.completeMultipartUpload(c -> c.bucket(bucket).key("big").uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));

            byte[] stored = s3.getObjectAsBytes(g -> g.bucket(bucket).key("big")).asByteArray();
            byte[] expected = Arrays.copyOf(first, first.length + second.length);
            System.arraycopy(second, 0, expected, first.length, second.length);
            assertArrayEquals(expected, stored);
            // Parts are not objects: the listing shows the one assembled object only.
            assertEquals(List.of("big"), s3.listObjectsV2(l -> l.bucket(bucket)).contents().stream()
                    .map(S3Object::key).toList());
        }
    }

    @Test
    void deleteObject_existing_isGoneFromListingAndGet() {
        try (S3Client s3 = target().aws()) {
            String bucket = createBucket(s3);
            s3.putObject(p -> p.bucket(bucket).key("doomed"), RequestBody.fromString("x"));

            s3.deleteObject(d -> d.bucket(bucket).key("doomed"));

            assertTrue(s3.listObjectsV2(l -> l.bucket(bucket)).contents().isEmpty());
            assertThrows(NoSuchKeyException.class, () -> s3.getObjectAsBytes(g -> g.bucket(bucket).key("doomed")));
        }
    }

    @Test
    void deleteBucket_empty_isNoLongerListed() {
        try (S3Client s3 = target().aws()) {
            String bucket = createBucket(s3);

            s3.deleteBucket(d -> d.bucket(bucket));

            assertFalse(s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(bucket)));
        }
    }
}
