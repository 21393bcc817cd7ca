package io.memrun.runtime.handoff;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.memrun.runtime.cache.HotObject;
import io.memrun.runtime.json.Json;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectUri;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a worker hands to its successor: the objects to fetch, hottest first.
 *
 * @param service the service
 * @param workerId the slot's worker id ({@code group.instance.id}) both workers share
 * @param revision the predecessor's revision
 * @param createdAtMs epoch milliseconds when it was taken
 * @param objects the objects, hottest first, within the successor's disk budget
 */
public record HotSet(String service, String workerId, int revision, long createdAtMs, List<HotObject> objects) {
    private static final ObjectMapper JSON = Json.mapper();

    public HotSet {
        objects = List.copyOf(objects);
    }

    /** The bytes all its objects take. */
    public long bytes() {
        return objects.stream().mapToLong(HotObject::size).sum();
    }

    /** Writes it to {@code where} as JSON. */
    public void publish(ObjectStore store, ObjectUri where) throws IOException {
        store.ensureBucket(where.bucket());
        store.upload(where, JSON.writeValueAsBytes(this));
    }

    /**
     * Reads the hot set at {@code where}.
     *
     * @throws io.memrun.runtime.objectstore.ObjectNotFoundException if none was published there
     */
    public static HotSet read(ObjectStore store, ObjectUri where, Path scratchDir) throws IOException {
        Path tmp = Files.createTempFile(scratchDir, "hotset-", ".json");
        try {
            store.download(where, tmp);
            return JSON.readValue(tmp.toFile(), HotSet.class);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
