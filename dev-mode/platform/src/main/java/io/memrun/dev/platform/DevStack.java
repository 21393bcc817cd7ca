package io.memrun.dev.platform;

import io.memrun.runtime.lifecycle.Lifecycle;
import io.memrun.runtime.gateway.GatewaySettings;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectStoreSettings;
import io.memrun.runtime.registry.ServiceRecord;
import io.memrun.runtime.registry.ServiceRegistry;
import io.memrun.runtime.wire.KafkaSettings;
import io.memrun.runtime.worker.Worker;
import io.memrun.dev.EmbeddedKafkaBroker;
import io.memrun.dev.EmbeddedObjectStore;
import io.memrun.sdk.MemoryService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Everything {@code memrun dev} runs, in one JVM: the embedded broker and object store (started
 * in parallel), the registry, and the {@link LocalPlatform} (gateway and N local workers). If a start-up step fails, the steps before it are stopped
 * and the original failure is rethrown.
 */
public final class DevStack implements AutoCloseable {
    private final Lifecycle started = new Lifecycle();
    private volatile boolean ready;
    private String bootstrapServers;
    private ObjectStoreSettings storeSettings;
    private LocalPlatform platform;
    private ServiceRegistry registry;
    private ObjectStore objectStore;

    private DevStack() {
    }

    /**
     * Starts the stack and deploys {@code service} on {@code settings.workers()} local workers.
     *
     * @param seed run after the store is up and before workers start (e.g. uploads sample data)
     */
    public static DevStack start(DevSettings settings, MemoryService service, Seeder seed) throws Exception {
        DevStack stack = new DevStack();
        try {
            stack.startAll(settings, service, seed);
            return stack;
        } catch (Exception | Error e) {
            stack.closeAfterFailedStart(e);
            throw e;
        }
    }

    private void startAll(DevSettings settings, MemoryService service, Seeder seed) throws Exception {
        Path data = Files.createDirectories(settings.dataDir());
        CompletableFuture<EmbeddedKafkaBroker> broker = CompletableFuture.supplyAsync(
                () -> call(() -> EmbeddedKafkaBroker.start(data.resolve("kafka"), settings.kafkaPort())));
        CompletableFuture<EmbeddedObjectStore> store = settings.externalStore().isPresent()
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(() -> call(() -> EmbeddedObjectStore.start(data.resolve("s3"), settings.s3Port())));
        EmbeddedObjectStore embeddedStore = join(store, broker);
        EmbeddedKafkaBroker embeddedBroker = join(broker, store);
        if (embeddedStore != null) {
            started.adopt(embeddedStore);
        }
        started.adopt(embeddedBroker);
        bootstrapServers = embeddedBroker.bootstrapServers();
        storeSettings = settings.externalStore().orElseGet(() -> new ObjectStoreSettings(
                embeddedStore.endpoint(), embeddedStore.accessKey(), embeddedStore.secretKey(), embeddedStore.region()));

        objectStore = ObjectStore.create(storeSettings);
        started.adopt(objectStore);
        objectStore.ping();
        seed.seed(objectStore);

        registry = ServiceRegistry.open(Files.createDirectories(data.resolve("registry")));
        started.adopt(registry);
        GatewaySettings http = new GatewaySettings("127.0.0.1", settings.httpPort(), settings.maxBodyBytes(),
                GatewaySettings.DEFAULT_DEADLINE);
        LocalPlatform.Options options = LocalPlatform.Options.of(settings.workers(), http).network(settings.network());
        if (settings.workerDisk().isPresent()) {
            options = options.workerDisk(settings.workerDisk().getAsLong());
        }
        platform = LocalPlatform.start(service, options,
                KafkaSettings.forBodyLimit(bootstrapServers, settings.maxBodyBytes()), storeSettings, registry, data);
        started.adopt(platform);
        ready = true;
    }

    private static <T> T join(CompletableFuture<T> f, CompletableFuture<?> sibling) throws Exception {
        try {
            return f.join();
        } catch (CompletionException e) {
            // Stop the sibling too if it started, so a failed start leaves nothing running.
            sibling.thenAccept(s -> {
                if (s instanceof AutoCloseable c) {
                    try {
                        c.close();
                    } catch (Exception ignored) {
                        // best effort on a failed start
                    }
                }
            });
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static <T> T call(java.util.concurrent.Callable<T> c) {
        try {
            return c.call();
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    /** Whether every component is up. */
    public boolean ready() {
        return ready;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public ObjectStoreSettings objectStoreSettings() {
        return storeSettings;
    }

    /** A client of the stack's object store (owned by the stack). */
    public ObjectStore objectStore() {
        return objectStore;
    }

    public int httpPort() {
        return platform.httpPort();
    }

    public ServiceRecord service() {
        return platform.service();
    }

    /** The gateway and workers. */
    public LocalPlatform platform() {
        return platform;
    }

    /** The control plane's registry. */
    public ServiceRegistry registry() {
        return registry;
    }

    public List<Worker> workers() {
        return platform.workers();
    }

    /** Stops what a failed start had started, in reverse, attaching their failures to {@code e}. */
    private void closeAfterFailedStart(Throwable e) {
        ready = false;
        started.closeAfter(e);
    }

    /** Stops everything in reverse start order; failures are logged, not thrown. */
    @Override
    public void close() {
        ready = false;
        started.close();
    }

    /** Prepares the object store before workers start. */
    @FunctionalInterface
    public interface Seeder {
        /** Seeds the store. */
        void seed(ObjectStore store) throws Exception;

        /** Seeds nothing. */
        static Seeder none() {
            return store -> { };
        }
    }
}
