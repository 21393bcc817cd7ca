package io.memrun.sdk.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memrun.sdk.CachedObject;
import io.memrun.sdk.HandlerException;
import io.memrun.sdk.MemoryService;
import io.memrun.sdk.Request;
import io.memrun.sdk.SharedWorkerContext;
import io.memrun.sdk.StickyKey;
import io.memrun.sdk.WorkerRequestContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One worker of a service, in-process, with no broker and no object store: unit-test a handler the
 * way the platform runs it.
 *
 * <pre>{@code
 * try (FakeWorker worker = FakeWorker.of(AnalyticsService.service())) {
 *     worker.putObject("s3://datasets/sales.csv", csvBytes);
 *     FakeReply first = worker.invoke("{\"user_id\":\"u1\",\"dataset_id\":\"d\",\"s3_path\":\"s3://datasets/sales.csv\",...}");
 *     assertEquals("miss", first.cache());
 *     assertEquals("hit", worker.invoke(sameBody).cache());
 * }
 * }</pre>
 *
 * <p>What it shares with a real worker: the request's routing key comes from the service's sticky
 * key (a missing field is a 400 before the handler runs); {@code getOrFetch} copies an object into
 * the worker's local cache directory once (a {@code miss}) and serves it from there afterwards (a
 * {@code hit}), a malformed URI is a 400 and a missing object a 404; {@code shared().getOrCompute}
 * runs a loader once per key even under concurrent calls and keeps nothing when it throws; a
 * {@link HandlerException} keeps its status and message, any other exception is a 500 carrying its
 * message; a {@code CompletionStage} result is awaited.
 *
 * <p>What it does not do: evict by itself (nothing is bounded by the service's {@code memory} or
 * {@code disk}; call {@link #dropMemory()} to see the handler start with an empty memory tier, as
 * after a restart or a hot reload, and {@link #evictObject} to drop a cached object), enforce deadlines, or run requests concurrently by itself
 * (call {@link #invoke} from several threads for that).
 */
public final class FakeWorker implements SharedWorkerContext, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MemoryService service;
    private final Path objectsDir;
    private final Path cacheDir;
    private final boolean ownsObjectsDir;
    private final Map<String, CompletableFuture<Object>> memory = new ConcurrentHashMap<>();
    private final Map<String, Path> cached = new ConcurrentHashMap<>();
    private final AtomicInteger loads = new AtomicInteger();
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();

    private FakeWorker(MemoryService service, Path objectsDir, boolean ownsObjectsDir) throws IOException {
        this.service = Objects.requireNonNull(service, "service");
        this.objectsDir = objectsDir;
        this.ownsObjectsDir = ownsObjectsDir;
        this.cacheDir = Files.createTempDirectory("memrun-fake-cache-");
    }

    /** A worker whose object store starts empty; add objects with {@link #putObject}. */
    public static FakeWorker of(MemoryService service) throws IOException {
        return new FakeWorker(service, Files.createTempDirectory("memrun-fake-store-"), true);
    }

    /**
     * A worker whose object store is a local directory: {@code s3://bucket/key} is the file
     * {@code dir/bucket/key}. The directory is read, never changed.
     */
    public static FakeWorker withObjectsIn(MemoryService service, Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a directory");
        }
        return new FakeWorker(service, dir, false);
    }

    /** Stores {@code bytes} as the object at {@code uri} ({@code s3://bucket/key}). */
    public FakeWorker putObject(String uri, byte[] bytes) throws IOException {
        Path file = objectFile(uri);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return this;
    }

    /**
     * Runs one request the way a worker does.
     *
     * @param json the request body, a JSON object
     * @return the reply, never an exception for anything the handler or the request did wrong
     */
    public FakeReply invoke(String json) {
        ObjectNode body;
        try {
            JsonNode parsed = JSON.readTree(json);
            if (!(parsed instanceof ObjectNode object)) {
                return error(400, "bad request", "request must be a JSON object", "none", "");
            }
            body = object;
        } catch (JsonProcessingException e) {
            return error(400, "bad request", "request is not valid JSON: " + e.getOriginalMessage(), "none", "");
        }
        String key;
        try {
            key = service.stickyKey().keyOf(body);
        } catch (StickyKey.MissingStickyFieldException e) {
            return error(400, "bad request", e.getMessage(), "none", "");
        }
        Context ctx = new Context(requests.incrementAndGet());
        try {
            Object result = service.requestHandler().handle(ctx, new Request(body, key));
            if (result instanceof CompletionStage<?> stage) {
                result = stage.toCompletableFuture().get();
            }
            return new FakeReply(200, JSON.valueToTree(result), result, ctx.outcome(), key);
        } catch (HandlerException e) {
            return error(e.status(), e.error(), e.getMessage(), ctx.outcome(), key);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HandlerException h) {
                return error(h.status(), h.error(), h.getMessage(), ctx.outcome(), key);
            }
            return error(500, "handler failed", String.valueOf(cause), ctx.outcome(), key);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(500, "handler failed", "interrupted", ctx.outcome(), key);
        } catch (Exception e) {
            return error(500, "handler failed", e.toString(), ctx.outcome(), key);
        }
    }

    private static FakeReply error(int status, String error, String message, String cache, String key) {
        ObjectNode body = JSON.createObjectNode().put("error", error).put("message", message);
        return new FakeReply(status, body, null, cache, key);
    }

    /** Empties the in-memory store, as a restart or a hot reload does; the disk cache stays. */
    public void dropMemory() {
        memory.clear();
    }

    /**
     * Drops the object from the worker's disk cache, as eviction does: the next {@code getOrFetch}
     * fetches it again (a {@code miss}) and sees the store's current bytes. Replacing an object
     * with {@link #putObject} alone does not, as on a real worker.
     */
    public void evictObject(String uri) throws IOException {
        Path file = cached.remove(uri);
        if (file != null) {
            Files.deleteIfExists(file);
            try (Stream<Path> decoded = Files.list(file.getParent())) { // and what was decoded from it
                for (Path d : decoded.filter(p -> p.getFileName().toString().startsWith(file.getFileName() + ".")).toList()) {
                    Files.deleteIfExists(d);
                }
            }
        }
    }

    /** How many times a {@code getOrCompute} loader ran. */
    public int loads() {
        return loads.get();
    }

    /** How many {@code getOrFetch} calls went to the (fake) object store. */
    public int fetches() {
        return fetches.get();
    }

    @Override
    public <T> T getOrCompute(String key, Loader<T> loader) throws Exception {
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> existing = memory.putIfAbsent(key, mine);
        if (existing == null) {
            T value;
            try {
                loads.incrementAndGet();
                value = Objects.requireNonNull(loader.load(), "the loader for " + key + " returned null");
            } catch (Exception | Error e) {
                memory.remove(key, mine);
                mine.completeExceptionally(e);
                throw e;
            }
            mine.complete(value);
            return value;
        }
        try {
            return cast(existing.get());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }

    @Override
    public void invalidate(String key) {
        memory.remove(key);
    }

    @Override
    public String workerId() {
        return service.name() + "-w0";
    }

    @Override
    public String serviceName() {
        return service.name();
    }

    /** Deletes the worker's cache directory (and the object store, if this worker made it). */
    @Override
    public void close() throws IOException {
        deleteTree(cacheDir);
        if (ownsObjectsDir) {
            deleteTree(objectsDir);
        }
    }

    private Path objectFile(String uri) {
        if (uri == null || !uri.startsWith("s3://")) {
            throw HandlerException.badRequest("object URI must look like s3://bucket/key, was " + uri);
        }
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1 || rest.contains("//") || rest.contains("..")) {
            throw HandlerException.badRequest("object URI must look like s3://bucket/key, was " + uri);
        }
        return objectsDir.resolve(rest);
    }

    private Path fetch(String uri) throws IOException {
        Path source = objectFile(uri);
        if (!Files.isRegularFile(source)) {
            throw HandlerException.notFound("object " + uri + " does not exist");
        }
        Path target = cacheDir.resolve(UUID.randomUUID().toString());
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        fetches.incrementAndGet();
        return target;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** One request's view, recording hit, miss or none like the platform's. */
    private final class Context implements WorkerRequestContext {
        private final int id;
        private int fetchCalls;
        private int misses;

        Context(int id) {
            this.id = id;
        }

        @Override
        public CachedObject getOrFetch(String uri) throws IOException {
            objectFile(uri); // validates the URI first, as the platform does
            boolean[] miss = {false};
            Path file;
            try {
                file = cached.computeIfAbsent(uri, u -> {
                    try {
                        miss[0] = true;
                        return fetch(u);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            synchronized (this) {
                fetchCalls++;
                if (miss[0]) {
                    misses++;
                }
            }
            return new FakeCachedObject(uri, file, !miss[0]);
        }

        synchronized String outcome() {
            return fetchCalls == 0 ? "none" : misses == 0 ? "hit" : "miss";
        }

        @Override
        public SharedWorkerContext shared() {
            return FakeWorker.this;
        }

        @Override
        public String requestId() {
            return "fake-" + id;
        }

        @Override
        public int partition() {
            return 0;
        }
    }
}
