package io.memrun.dev;

import java.net.URI;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.testcontainers.containers.MinIOContainer;

/**
 * The object-store contract against a real MinIO in a container, so the contract describes S3
 * rather than our embedded store. Skipped, with the reason reported, where no Docker engine runs.
 */
class MinioObjectStoreContractTest {
    private static MinIOContainer minio;
    private static S3Target target;

    @BeforeAll
    static void startMinio() {
        if (Docker.available()) {
            minio = new MinIOContainer("minio/minio:RELEASE.2025-04-22T22-12-26Z");
            minio.start();
            target = new S3Target(URI.create(minio.getS3URL()), minio.getUserName(), minio.getPassword(), "us-east-1");
        }
    }

    @BeforeEach
    void requireDocker() {
        Docker.assumeAvailable("MinIO");
    }

    @AfterAll
    static void stopMinio() {
        if (minio != null) {
            minio.stop();
        }
    }

    @Nested
    class WithAwsSdk extends AwsSdkObjectStoreContract {
        @Override
        protected S3Target target() {
            return target;
        }
    }

    @Nested
    class WithMinioClient extends MinioClientObjectStoreContract {
        @Override
        protected S3Target target() {
            return target;
        }
    }
}
