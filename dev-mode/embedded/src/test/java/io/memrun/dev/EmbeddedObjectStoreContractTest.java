package io.memrun.dev;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/** The object-store contract, through both client libraries, against the shared embedded store. */
@ExtendWith(SharedInfrastructure.class)
class EmbeddedObjectStoreContractTest {
    private static S3Target target;

    @BeforeAll
    static void useSharedStore(EmbeddedObjectStore store) {
        target = S3Target.of(store);
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
