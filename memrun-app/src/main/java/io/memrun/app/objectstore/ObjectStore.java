package io.memrun.app.objectstore;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The operations memrun needs from an S3-compatible object store. Implementations are safe for
 * concurrent use.
 */
public interface ObjectStore extends AutoCloseable {
    /** Creates the store from settings, with the client options S3-compatible stores need. */
    static ObjectStore create(ObjectStoreSettings settings) {
        return new S3ObjectStore(settings);
    }

    /** The object's length and entity tag. */
    ObjectInfo head(ObjectUri uri) throws IOException;

    /**
     * Downloads the whole object into {@code target} (created or replaced), streaming: the bytes
     * never sit in the heap as a whole.
     *
     * @return what was downloaded: the length written and the store's entity tag
     */
    ObjectInfo download(ObjectUri uri, Path target) throws IOException;

    /** Uploads a file. */
    void upload(ObjectUri uri, Path source) throws IOException;

    /** Uploads bytes. */
    void upload(ObjectUri uri, byte[] bytes) throws IOException;

    /** Creates the bucket unless it exists. */
    void ensureBucket(String bucket) throws IOException;

    /** Checks the store answers; throws with the reason if not. */
    void ping() throws IOException;

    @Override
    void close();

    /** An object's metadata. */
    record ObjectInfo(long size, String etag) {
    }
}
