package io.memrun.runtime.testing;

import io.memrun.runtime.gateway.GatewaySettings;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectStoreSettings;
import io.memrun.runtime.wire.KafkaSettings;
import io.memrun.dev.EmbeddedObjectStore;
import io.memrun.dev.SharedInfrastructure;
import java.nio.file.Path;

/**
 * The real embedded broker and object store of this test JVM ({@link SharedInfrastructure}, the one
 * fixture every module shares), with the runtime's client settings for them.
 */
public final class SharedInfra {
    private static SharedInfra instance;

    private final SharedInfrastructure.Started infra;

    private SharedInfra() {
        // Helidon logs through java.util.logging; send it to the one backend, as Main does.
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        infra = SharedInfrastructure.get();
    }

    /** The shared infrastructure, started on first call. */
    public static synchronized SharedInfra get() {
        if (instance == null) {
            instance = new SharedInfra();
        }
        return instance;
    }

    public String bootstrapServers() {
        return infra.broker().bootstrapServers();
    }

    /** Kafka settings with the default 1 MiB body limit. */
    public KafkaSettings kafka() {
        return KafkaSettings.forBodyLimit(bootstrapServers(), GatewaySettings.DEFAULT_MAX_BODY);
    }

    public ObjectStoreSettings storeSettings() {
        EmbeddedObjectStore store = infra.store();
        return new ObjectStoreSettings(store.endpoint(), store.accessKey(), store.secretKey(), store.region());
    }

    /** A new object store client; the caller closes it. */
    public ObjectStore objectStore() {
        return ObjectStore.create(storeSettings());
    }

    /** A fresh directory under the shared temp root. */
    public Path newDir(String prefix) {
        return infra.newDir(prefix);
    }
}
