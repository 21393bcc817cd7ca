package io.memrun.runtime.objectstore;

import java.net.URI;
import java.time.Duration;

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

    /**
     * Downloads one byte range of the object into an existing file, with positional writes, so
     * that several ranges can fill one preallocated file in parallel without passing through the
     * heap as a whole. Writes bytes {@code [offset, offset + length)} of the object, or fewer if
     * the object ends sooner, to {@code target} starting at {@code targetOffset}; the rest of the
     * file is left alone. A range starting at 0 of an empty object writes nothing.
     *
     * <p>The result describes the whole object as of this request, not the range: callers
     * assembling one file from several ranges compare the results to detect an object that was
     * replaced in between.
     *
     * <p>The default implementation throws {@link UnsupportedOperationException}; callers then fall
     * back to {@link #download(ObjectUri, Path)}.
     *
     * @param uri the object
     * @param offset the first byte of the object to fetch; non-negative
     * @param length how many bytes to fetch at most; positive
     * @param target an existing file, opened for writing by this call
     * @param targetOffset where in {@code target} the first byte goes
     * @return the whole object's length and entity tag
     * @throws ObjectNotFoundException if the object or its bucket does not exist
     * @throws ObjectStoreUnavailableException if the store cannot be reached, answers with an error,
     *     or the transfer breaks off before the range is complete
     * @throws IOException if {@code target} cannot be written (for example, the disk is full)
     * @throws UnsupportedOperationException if this store cannot serve ranges
     */
    default ObjectInfo downloadRange(ObjectUri uri, long offset, long length, Path target, long targetOffset)
            throws IOException {
        throw new UnsupportedOperationException(getClass().getName() + " does not serve byte ranges");
    }

    /** Uploads a file. */
    void upload(ObjectUri uri, Path source) throws IOException;

    /** Uploads bytes. */
    void upload(ObjectUri uri, byte[] bytes) throws IOException;

    /**
     * A URL that lets anyone holding it GET the object, without credentials, until {@code ttl}
     * passes (a presigned URL); a tampered or expired URL is refused by the store with a 403.
     *
     * @throws UnsupportedOperationException if this store cannot presign
     */
    default URI presignGet(ObjectUri uri, Duration ttl) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot presign URLs");
    }

    /** Deletes the object; a missing object is not an error. */
    default void delete(ObjectUri uri) throws IOException {
        throw new UnsupportedOperationException(getClass().getName() + " cannot delete objects");
    }

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
