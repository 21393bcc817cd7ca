package io.memrun.examples.analytics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memrun.sdk.CachedObject;
import io.memrun.sdk.HandlerException;
import io.memrun.sdk.Request;
import io.memrun.sdk.SharedWorkerContext;
import io.memrun.sdk.WorkerRequestContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A worker without broker or S3: objects are files in a temp directory, the shared store is a map
 * that counts loader calls.
 */
final class FakeWorker implements SharedWorkerContext {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;
    private final Map<String, Object> store = new ConcurrentHashMap<>();
    private final AtomicInteger loads = new AtomicInteger();

    FakeWorker(Path dir) {
        this.dir = dir;
    }

    /** Stores {@code csv} as object {@code s3://test/<name>} and returns its URI. */
    String put(String name, String csv) throws IOException {
        Files.writeString(dir.resolve(name), csv);
        return "s3://test/" + name;
    }

    /** Runs the handler on a request body given as JSON. */
    Object handle(String json) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(json);
        return new AnalyticsHandler().handle(new RequestContext(), new Request(body, "u1:ds1"));
    }

    /** Runs the handler on a sum/count/... query against {@code uri}, returning the reply as JSON text. */
    String query(String uri, String queryJson) throws Exception {
        return handle("{\"user_id\":\"u1\",\"dataset_id\":\"ds1\",\"s3_path\":\"" + uri + "\",\"query\":" + queryJson + "}")
                .toString();
    }

    int loads() {
        return loads.get();
    }

    Map<String, Object> store() {
        return store;
    }

    @Override
    public <T> T getOrCompute(String key, Loader<T> loader) throws Exception {
        @SuppressWarnings("unchecked")
        T value = (T) store.get(key);
        if (value == null) {
            loads.incrementAndGet();
            value = loader.load();
            store.put(key, value);
        }
        return value;
    }

    @Override
    public void invalidate(String key) {
        store.remove(key);
    }

    @Override
    public String workerId() {
        return "analytics-engine-w0";
    }

    @Override
    public String serviceName() {
        return AnalyticsService.SERVICE_NAME;
    }

    private final class RequestContext implements WorkerRequestContext {
        @Override
        public CachedObject getOrFetch(String uri) {
            Path file = dir.resolve(uri.substring(uri.lastIndexOf('/') + 1));
            if (!Files.exists(file)) {
                throw HandlerException.notFound("no object " + uri);
            }
            return new LocalObject(uri, file);
        }

        @Override
        public SharedWorkerContext shared() {
            return FakeWorker.this;
        }

        @Override
        public String requestId() {
            return "r1";
        }

        @Override
        public int partition() {
            return 0;
        }
    }

    /** A cached object over a local file. */
    record LocalObject(String uri, Path path) implements CachedObject {
        @Override
        public long size() {
            try {
                return Files.size(path);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean hit() {
            return true;
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(path);
        }

        @Override
        public ByteBuffer map() throws IOException {
            try (FileChannel channel = FileChannel.open(path)) {
                return channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            }
        }
    }
}
