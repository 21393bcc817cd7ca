package io.memrun.app.bench;

import io.memrun.app.objectstore.ObjectStoreSettings;
import io.memrun.app.wire.KafkaSettings;
import io.memrun.dev.EmbeddedKafkaBroker;
import io.memrun.dev.EmbeddedObjectStore;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/** The embedded broker and object store a benchmark run starts for itself, in a scratch directory. */
final class BenchInfra implements AutoCloseable {
    private final EmbeddedKafkaBroker broker;
    private final EmbeddedObjectStore store;
    private final Path dir;

    BenchInfra(Path dir) {
        this.dir = dir;
        CompletableFuture<EmbeddedObjectStore> s = CompletableFuture.supplyAsync(() -> EmbeddedObjectStore.start(dir.resolve("s3"), 0));
        this.broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
        this.store = s.join();
    }

    KafkaSettings kafka() {
        return KafkaSettings.forBodyLimit(broker.bootstrapServers(), 1 << 20);
    }

    ObjectStoreSettings store() {
        return new ObjectStoreSettings(store.endpoint(), store.accessKey(), store.secretKey(), store.region());
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() {
        store.close();
        broker.close();
    }
}
