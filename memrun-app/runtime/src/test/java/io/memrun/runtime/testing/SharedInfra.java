package io.memrun.runtime.testing;

import io.memrun.runtime.gateway.GatewaySettings;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectStoreSettings;
import io.memrun.runtime.wire.KafkaSettings;
import io.memrun.dev.EmbeddedKafkaBroker;
import io.memrun.dev.EmbeddedObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real embedded broker and object store, started once per test JVM (on first use, in
 * parallel) and shared by every integration test; stopped when the JVM exits. Tests isolate
 * themselves by service name, bucket and directory, never by restarting infrastructure.
 */
public final class SharedInfra {
    private static SharedInfra instance;

    private final Path root;
    private final EmbeddedKafkaBroker broker;
    private final EmbeddedObjectStore store;

    private SharedInfra() throws Exception {
        // Helidon logs through java.util.logging; send it to the one backend, as Main does.
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        root = Files.createTempDirectory("memrun-test-");
        var storeFuture = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> EmbeddedObjectStore.start(root.resolve("s3"), 0));
        broker = EmbeddedKafkaBroker.start(root.resolve("kafka"), 0);
        store = storeFuture.join();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            store.close();
            broker.close();
        }));
    }

    /** The shared infrastructure, started on first call. */
    public static synchronized SharedInfra get() {
        if (instance == null) {
            try {
                instance = new SharedInfra();
            } catch (Exception e) {
                throw new IllegalStateException("could not start the embedded broker and store: " + e, e);
            }
        }
        return instance;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** Kafka settings with the default 1 MiB body limit. */
    public KafkaSettings kafka() {
        return KafkaSettings.forBodyLimit(broker.bootstrapServers(), GatewaySettings.DEFAULT_MAX_BODY);
    }

    public ObjectStoreSettings storeSettings() {
        return new ObjectStoreSettings(store.endpoint(), store.accessKey(), store.secretKey(), store.region());
    }

    /** A new object store client; the caller closes it. */
    public ObjectStore objectStore() {
        return ObjectStore.create(storeSettings());
    }

    /** A fresh directory under the shared temp root. */
    public Path newDir(String prefix) {
        try {
            return Files.createTempDirectory(root, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
