package io.memrun.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An object from object storage, held as a file in the worker's local cache. The bytes are on
 * local disk (and usually in the page cache): reading them costs no network.
 *
 * <p>The file stays in place at least until the request that obtained this handle ends: eviction
 * never deletes a file under a running request. Do not keep the handle (or the path) beyond the
 * request; keep decoded data in {@link SharedWorkerContext} instead.
 *
 * <p>An object from {@link WorkerRequestContext#getOrFetchStreaming} may still be arriving: its
 * {@link #map(long, long)} waits only for the bytes it maps, so a decoder that works through the
 * object range by range (as {@link ParallelDecode} does) overlaps the download; everything else here
 * waits for the whole object first. If the download fails, whatever is waiting throws its failure.
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
     * Maps {@code [offset, offset + length)} read-only, without copying it into the heap; for an
     * object still arriving, once those bytes have landed (the rest may not have). The mapping
     * stays valid after the request.
     *
     * @param offset the first byte, within the object
     * @param length how many bytes, under 2 GiB, ending within the object
     * @return the bytes, position 0, big-endian
     * @throws IllegalArgumentException if the range is not within the object or is 2 GiB or more
     * @throws IOException if the file cannot be mapped, or the download failed before these bytes
     *     arrived (its failure as thrown)
     */
    default ByteBuffer map(long offset, long length) throws IOException {
        checkRange(offset, length, size());
        try (FileChannel channel = FileChannel.open(path(), StandardOpenOption.READ)) {
            return channel.map(FileChannel.MapMode.READ_ONLY, offset, length);
        }
    }

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

    /**
     * Checks a range for {@link #map(long, long)}.
     *
     * @throws IllegalArgumentException unless {@code 0 <= offset}, {@code 0 <= length < 2 GiB} and
     *     {@code offset + length <= size}
     */
    static void checkRange(long offset, long length, long size) {
        if (offset < 0 || length < 0 || length >= Integer.MAX_VALUE || offset > size - length) {
            throw new IllegalArgumentException("cannot map [" + offset + ", " + offset + " + " + length
                    + "): ranges must lie within the object's " + size + " bytes and be under 2 GiB");
        }
    }
}
