package io.memrun.runtime.handoff;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memrun.runtime.cache.DiskCache;
import io.memrun.runtime.cache.HotObject;
import io.memrun.runtime.json.Json;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectUri;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a worker hands to its successor: the objects to fetch, hottest first.
 *
 * @param service the service
 * @param workerId the slot's worker id ({@code group.instance.id}) both workers share
 * @param revision the predecessor's revision
 * @param createdAtMs epoch milliseconds when it was taken
 * @param objects the objects, hottest first, within the successor's disk budget
 * @param decoded copies of the decoded files kept beside those objects
 *     ({@link io.memrun.sdk.CachedObject#decoded}), within what the budget has left; empty in a hot
 *     set from a worker that did not hand them over
 */
@JsonIgnoreProperties(ignoreUnknown = true) // a hot set from a newer memrun may carry more
public record HotSet(String service, String workerId, int revision, long createdAtMs, List<HotObject> objects,
                     List<DecodedCopy> decoded) {
    private static final Logger LOG = LoggerFactory.getLogger(HotSet.class);
    private static final ObjectMapper JSON = Json.mapper();

    /**
     * A decoded file of one of the set's objects, copied into the object store for the successor to
     * adopt rather than decode again.
     *
     * @param uri the object it was decoded from
     * @param form the form's name
     * @param copy where the copy is
     * @param bytes its length
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DecodedCopy(String uri, String form, String copy, long bytes) {
    }

    public HotSet {
        objects = List.copyOf(objects);
        decoded = decoded == null ? List.of() : List.copyOf(decoded);
    }

    /**
     * Takes the hot set of {@code disk} within {@code budgetBytes} and copies the decoded files kept
     * beside its objects into the store next to {@code where} ({@code <where>.decoded/<n>.<form>}),
     * hottest object first, while the objects and the copies fit the budget. A file deleted while it
     * is copied (its object evicted) is left out.
     */
    public static HotSet capture(String service, String workerId, int revision, DiskCache disk, long budgetBytes,
                                 ObjectStore store, ObjectUri where) throws IOException {
        List<HotObject> objects = disk.hotSet(budgetBytes);
        long left = budgetBytes - objects.stream().mapToLong(HotObject::size).sum();
        List<DecodedCopy> copies = new ArrayList<>();
        for (HotObject o : objects) {
            for (Map.Entry<String, Path> file : disk.decodedFiles(o.uri()).entrySet()) {
                try {
                    long bytes = Files.size(file.getValue());
                    if (bytes > left) {
                        continue;
                    }
                    ObjectUri copy = new ObjectUri(where.bucket(), where.key() + ".decoded/" + copies.size() + "." + file.getKey());
                    store.upload(copy, file.getValue());
                    copies.add(new DecodedCopy(o.uri(), file.getKey(), copy.toString(), bytes));
                    left -= bytes;
                } catch (NoSuchFileException gone) {
                    LOG.debug("hot set: {} of {} was deleted while it was copied", file.getKey(), o.uri());
                } catch (IOException e) {
                    // A copy is a bonus: the successor decodes what it lacks. The hot set still goes out.
                    LOG.info("hot set: {} of {} not copied ({}); the successor decodes it on first use", file.getKey(),
                            o.uri(), e.getMessage());
                }
            }
        }
        return new HotSet(service, workerId, revision, System.currentTimeMillis(), objects, copies);
    }

    /** The copies of decoded files of the object at {@code uri}. */
    public List<DecodedCopy> decodedOf(String uri) {
        return decoded.stream().filter(d -> d.uri().equals(uri)).toList();
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
