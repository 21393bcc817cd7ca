package io.memrun.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** What the embedded store promises beyond the object-store contract: persistence, access, failures. */
class EmbeddedObjectStoreTest {

    @Test
    void start_afterCloseOnSameDataDir_servesTheSameObjects(@TempDir Path dataDir) {
        int port;
        try (EmbeddedObjectStore store = EmbeddedObjectStore.start(dataDir, 0);
             S3Client s3 = S3Target.of(store).aws()) {
            port = store.port();
            s3.createBucket(b -> b.bucket("kept"));
            s3.putObject(p -> p.bucket("kept").key("a/b.txt"), RequestBody.fromString("still here"));
        }

        try (EmbeddedObjectStore store = EmbeddedObjectStore.start(dataDir, port);
             S3Client s3 = S3Target.of(store).aws()) {
            assertEquals("still here", s3.getObjectAsBytes(g -> g.bucket("kept").key("a/b.txt")).asUtf8String());
        }
    }

    @Test
    void request_signedWithWrongSecret_isDeniedWith403(@TempDir Path dataDir) {
        try (EmbeddedObjectStore store = EmbeddedObjectStore.start(dataDir, 0, "dev-key", "dev-secret");
             S3Client s3 = new S3Target(store.endpoint(), "dev-key", "not-the-secret", store.region()).aws()) {
            S3Exception failure = assertThrows(S3Exception.class, s3::listBuckets);

            assertEquals(403, failure.statusCode());
        }
    }

    @Test
    void start_defaultCredentials_areMinioDefaults(@TempDir Path dataDir) {
        try (EmbeddedObjectStore store = EmbeddedObjectStore.start(dataDir, 0)) {
            assertEquals("minioadmin", store.accessKey());
            assertEquals("minioadmin", store.secretKey());
            assertEquals("us-east-1", store.region());
            assertEquals("http://localhost:" + store.port(), store.endpoint().toString());
        }
    }

    @Test
    void start_portAlreadyBound_throwsStartupExceptionNamingThePort(@TempDir Path dataDir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            StartupException failure = assertThrows(StartupException.class,
                    () -> EmbeddedObjectStore.start(dataDir, taken.getLocalPort()));

            assertTrue(failure.getMessage().contains("localhost:" + taken.getLocalPort()), failure.getMessage());
        }
    }

    @Test
    void start_blankSecretKey_throwsIllegalArgumentException(@TempDir Path dataDir) {
        assertThrows(IllegalArgumentException.class, () -> EmbeddedObjectStore.start(dataDir, 0, "key", " "));
    }
}
