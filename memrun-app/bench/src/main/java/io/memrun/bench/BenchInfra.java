package io.memrun.bench;

import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectStoreSettings;
import io.memrun.runtime.wire.KafkaSettings;
import io.memrun.dev.EmbeddedKafkaBroker;
import io.memrun.dev.EmbeddedObjectStore;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The broker and object store a benchmark run uses, and its scratch directory. {@link #start}
 * starts an embedded broker and store of its own (in parallel) and stops them on close;
 * {@link #attach} uses ones that already run (tests share theirs).
 */
final class BenchInfra implements AutoCloseable {
    private final EmbeddedKafkaBroker broker;
    private final EmbeddedObjectStore store;
    private final KafkaSettings kafka;
    private final ObjectStoreSettings storeSettings;
    private final Path dir;

    private BenchInfra(EmbeddedKafkaBroker broker, EmbeddedObjectStore store, KafkaSettings kafka,
                       ObjectStoreSettings storeSettings, Path dir) {
        this.broker = broker;
        this.store = store;
        this.kafka = kafka;
        this.storeSettings = storeSettings;
        this.dir = dir;
    }

    /** Starts an embedded broker and store with their data under {@code dir}. */
    static BenchInfra start(Path dir) {
        CompletableFuture<EmbeddedObjectStore> s = CompletableFuture.supplyAsync(() -> EmbeddedObjectStore.start(dir.resolve("s3"), 0));
        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
        } catch (RuntimeException | Error e) {
            s.thenAccept(EmbeddedObjectStore::close);
            throw e;
        }
        EmbeddedObjectStore store = s.join();
        return new BenchInfra(broker, store, KafkaSettings.forBodyLimit(broker.bootstrapServers(), 1 << 20),
                new ObjectStoreSettings(store.endpoint(), store.accessKey(), store.secretKey(), store.region()), dir);
    }

    /** Uses a broker and store that already run; {@link #close()} leaves them running. */
    static BenchInfra attach(KafkaSettings kafka, ObjectStoreSettings store, Path dir) {
        return new BenchInfra(null, null, kafka, store, dir);
    }

    KafkaSettings kafka() {
        return kafka;
    }

    ObjectStoreSettings store() {
        return storeSettings;
    }

    /** A new client of the store; the caller closes it. */
    ObjectStore objectStore() {
        return ObjectStore.create(storeSettings);
    }

    /** The run's scratch directory. */
    Path dir() {
        return dir;
    }

    @Override
    public void close() {
        if (store != null) {
            store.close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
