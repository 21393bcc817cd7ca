package io.memrun.shell.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memrun.shell.ShellSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One shell session's state, shared by its commands: where to write, the gateway, the last
 * request (for {@code again}), what completion knows, and the object store client once needed.
 */
public final class ShellContext implements AutoCloseable {
    /** How long a fetched service list serves completion before it is fetched again. */
    private static final long SERVICES_TTL_NANOS = Duration.ofSeconds(5).toNanos();

    private final ShellSettings settings;
    private final GatewayClient gateway;
    private final PrintWriter out;
    private final ProgressDisplay progress;
    private final Map<String, Set<String>> fieldsSeen = new ConcurrentHashMap<>();
    private volatile List<ServiceInfo> services = List.of();
    private volatile long servicesFetchedAt = System.nanoTime() - SERVICES_TTL_NANOS - 1;
    private LastRequest last;
    private ObjectStoreClient objectStore;
    private boolean exitRequested;

    /** The request {@code again} repeats. */
    public record LastRequest(String service, ObjectNode body, Duration deadline) {
    }

    /**
     * @param progress how long-running commands show progress (a bar on a terminal, nothing in scripts)
     */
    public ShellContext(ShellSettings settings, PrintWriter out, ProgressDisplay progress) {
        this.settings = settings;
        this.gateway = new GatewayClient(settings.gateway());
        this.out = out;
        this.progress = progress;
    }

    public PrintWriter out() {
        return out;
    }

    public GatewayClient gateway() {
        return gateway;
    }

    public ProgressDisplay progress() {
        return progress;
    }

    /** Remembers a sent request for {@code again} and its field names for completion. */
    public synchronized void remember(LastRequest request) {
        last = request;
        Set<String> fields = fieldsSeen.computeIfAbsent(request.service(), s -> new TreeSet<>());
        synchronized (fields) {
            collectPaths("", request.body(), fields);
        }
    }

    public synchronized Optional<LastRequest> last() {
        return Optional.ofNullable(last);
    }

    /** Dotted field paths sent to {@code service} in this session, sorted, for completion. */
    public List<String> fieldsSeen(String service) {
        Set<String> fields = fieldsSeen.getOrDefault(service, Set.of());
        synchronized (fields) {
            return List.copyOf(fields);
        }
    }

    private static void collectPaths(String prefix, JsonNode node, Set<String> into) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getValue().isObject() && !e.getValue().isEmpty()) {
                collectPaths(prefix + e.getKey() + ".", e.getValue(), into);
            } else {
                into.add(prefix + e.getKey());
            }
        }
    }

    /** The deployed services, fetched now; also refreshes what completion offers. */
    public List<ServiceInfo> services() throws IOException, InterruptedException {
        List<ServiceInfo> list = gateway.services();
        services = list;
        servicesFetchedAt = System.nanoTime();
        return list;
    }

    /**
     * The services for completion: fetched at most every 5 s with a short timeout; on failure
     * the last known list, because a Tab key must never print an error or hang the line.
     */
    public List<ServiceInfo> servicesForCompletion() {
        if (System.nanoTime() - servicesFetchedAt > SERVICES_TTL_NANOS) {
            try {
                services = gateway.services(Duration.ofSeconds(1));
            } catch (IOException e) {
                // keep what we had; the user sees the error when a command needs the gateway
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            servicesFetchedAt = System.nanoTime();
        }
        return services;
    }

    /** A service by name, fetched now, or an error that names the ones there are. */
    public ServiceInfo service(String name) throws IOException, InterruptedException {
        List<ServiceInfo> all = services();
        return all.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() -> new IOException(
                "no service named '" + name + "'; deployed: "
                        + (all.isEmpty() ? "none" : String.join(", ", all.stream().map(ServiceInfo::name).toList()))));
    }

    /**
     * The object store client, created on first use at the endpoint from the settings or, failing
     * that, from {@code GET /v1/info}.
     */
    public synchronized ObjectStoreClient objectStore() throws IOException, InterruptedException {
        if (objectStore == null) {
            URI endpoint;
            String region = settings.region();
            if (settings.objectStore().isPresent()) {
                endpoint = settings.objectStore().get();
            } else {
                PlatformInfo info = gateway.info().orElseThrow(() -> new IOException("the gateway at " + gateway.base()
                        + " does not say where its object store is (it has no GET /v1/info); start the shell with"
                        + " --s3-endpoint http://host:9000"));
                endpoint = info.objectStore().orElseThrow(() -> new IOException("the platform at " + gateway.base()
                        + " names no object store; start the shell with --s3-endpoint http://host:9000"));
                region = info.region();
            }
            objectStore = new ObjectStoreClient(endpoint, region, settings.accessKey(), settings.secretKey());
        }
        return objectStore;
    }

    /** Asks the loop to end after this command. */
    public synchronized void requestExit() {
        exitRequested = true;
    }

    public synchronized boolean exitRequested() {
        return exitRequested;
    }

    @Override
    public synchronized void close() {
        if (objectStore != null) {
            objectStore.close();
        }
    }
}
