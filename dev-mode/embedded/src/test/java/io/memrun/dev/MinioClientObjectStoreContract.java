package io.memrun.dev;

import static io.memrun.dev.AwsSdkObjectStoreContract.MIB;
import static io.memrun.dev.AwsSdkObjectStoreContract.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import org.junit.jupiter.api.Test;

/**
 * The object-store contract through minio-java 8.5, the other client memrun's users reach
 * for; see {@link AwsSdkObjectStoreContract}.
 */
abstract class MinioClientObjectStoreContract {

    /** The store under test. */
    protected abstract S3Target target();

    private static String makeBucket(MinioClient minio) throws Exception {
        String bucket = S3Target.uniqueBucket("minio");
        minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        return bucket;
    }

    private static void put(MinioClient minio, String bucket, String key, byte[] data) throws Exception {
        minio.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(data), data.length, -1).build());
    }

    private static byte[] get(MinioClient minio, GetObjectArgs args) throws Exception {
        try (InputStream in = minio.getObject(args)) {
            return in.readAllBytes();
        }
    }

    private static List<String> keys(MinioClient minio, String bucket, String prefix) throws Exception {
        List<String> keys = new ArrayList<>();
        for (Result<Item> item : minio.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                .recursive(true).build())) {
            keys.add(item.get().objectName());
        }
        return keys;
    }

    @Test
    void makeBucket_validName_exists() throws Exception {
        MinioClient minio = target().minio();
        String bucket = makeBucket(minio);

        assertTrue(minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
    }

    @Test
    void putObject_thenGetObject_returnsSameBytes() throws Exception {
        MinioClient minio = target().minio();
        String bucket = makeBucket(minio);
        byte[] data = randomBytes(300_000, 11);

        put(minio, bucket, "dir/object.bin", data);

        assertArrayEquals(data, get(minio, GetObjectArgs.builder().bucket(bucket).object("dir/object.bin").build()));
        assertEquals(data.length, minio.statObject(StatObjectArgs.builder().bucket(bucket)
                .object("dir/object.bin").build()).size());
    }

    @Test
    void listObjects_withPrefix_returnsOnlyMatchingKeys() throws Exception {
        MinioClient minio = target().minio();
        String bucket = makeBucket(minio);
        for (String key : List.of("p/1", "p/2", "q/3")) {
            put(minio, bucket, key, key.getBytes(StandardCharsets.UTF_8));
        }

        assertEquals(List.of("p/1", "p/2"), keys(minio, bucket, "p/"));
    }

    @Test
    void getObject_offset10Length10_returnsThoseTenBytes() throws Exception {
        MinioClient minio = target().minio();
        String bucket = makeBucket(minio);
        byte[] data = randomBytes(1_000, 12);
        put(minio, bucket, "ranged", data);

        byte[] range = get(minio, GetObjectArgs.builder().bucket(bucket).object("ranged").offset(10L).length(10L)
                .build());

        assertArrayEquals(Arrays.copyOfRange(data, 10, 20), range);
    }

    @Test
    void putObject_streamOfUnknownSize_isStoredWholeThroughMultipartUpload() throws Exception {
        MinioClient minio = target().minio();
        String bucket = makeBucket(minio);
        byte[] data = randomBytes(11 * MIB + 5, 13);

        // Unknown size with a 5 MiB part size: minio-java uploads three parts.
        minio.putObject(PutObjectArgs.builder().bucket(bucket).object("streamed")
                .stream(new ByteArrayInputStream(data), -1, 5 * MIB).build());

        assertArrayEquals(data, get(minio, GetObjectArgs.builder().bucket(bucket).object("streamed").build()));
        assertEquals(List.of("streamed"), keys(minio, bucket, ""));
    }

    @Test
    void removeObject_existing_isGoneFromListingAndStat() throws Exception {
        MinioClient minio = target().minio();
        String bucket = makeBucket(minio);
        put(minio, bucket, "doomed", new byte[] {1});

        minio.removeObject(RemoveObjectArgs.builder().bucket(bucket).object("doomed").build());

        assertTrue(keys(minio, bucket, "").isEmpty());
        ErrorResponseException failure = assertThrows(ErrorResponseException.class,
                () -> minio.statObject(StatObjectArgs.builder().bucket(bucket).object("doomed").build()));
        assertEquals(404, failure.response().code());
    }

    @Test
    void removeBucket_empty_noLongerExists() throws Exception {
        MinioClient minio = target().minio();
        String bucket = makeBucket(minio);

        minio.removeBucket(RemoveBucketArgs.builder().bucket(bucket).build());

        assertFalse(minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
    }
}
