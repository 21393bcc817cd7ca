package io.memrun.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * An object from object storage, held as a file in the worker's local cache. The bytes are on
 * local disk (and usually in the page cache): reading them costs no network.
 *
 * <p>The file stays in place at least until the request that obtained this handle ends: eviction
 * never deletes a file under a running request. Do not keep the handle (or the path) beyond the
 * request; keep decoded data in {@link SharedWorkerContext} instead.
 */
public interface CachedObject {
    /** The object's address as the handler asked for it, e.g. {@code s3://datasets/d7.csv}. */
    String uri();

    /** The local file holding the object's bytes. Read-only: do not modify or delete it. */
    Path path();

    /** The object's length in bytes. */
    long size();

    /** Whether this request found the object in the local cache ({@code false}: it was fetched now). */
    boolean hit();

    /** Opens a stream over the bytes. The caller closes it. */
    InputStream open() throws IOException;

    /**
     * Maps the file read-only into memory, without copying it into the heap. Objects over 2 GiB
     * cannot be mapped as one buffer; read those through {@link #path()}.
     */
    ByteBuffer map() throws IOException;

    /**
     * Returns the structure {@code form} decodes from this object: read back from the worker's
     * disk if it was kept there by an earlier call (in this process or a previous one), otherwise
     * decoded now and kept for the next time. Concurrent calls for the same object and form decode
     * once; the others wait and get the same value. See {@link DecodedForm} for the file's rules.
     *
     * @param form how to decode, write and read the structure
     * @return the structure
     * @throws Exception whatever {@link DecodedForm#decode} throws; nothing is kept then
     */
    <T> T decoded(DecodedForm<T> form) throws Exception;
}
