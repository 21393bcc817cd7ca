package io.memrun.sdk;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * A structure decoded from a cached object, and how to keep it on the worker's disk beside the
 * object, so that a worker whose memory is empty (after a restart, a hot reload or a memory-tier
 * eviction) maps it back instead of decoding the object again. Pass one to
 * {@link CachedObject#decoded(DecodedForm)}; usually from inside the memory tier's loader, so that
 * memory stays the first tier and the disk the second:
 *
 * <pre>{@code
 * CachedObject file = ctx.getOrFetch(uri);
 * Table t = ctx.shared().getOrCompute(uri + ":" + file.size(), () -> file.decoded(Table.FORM));
 * }</pre>
 *
 * <p>The platform owns the file: it is written once per object (concurrent calls decode once), into
 * a temporary file that is renamed into place; it carries a checksum of its bytes and the identity
 * of the object it was decoded from, and is checked on every read, so a damaged, truncated or stale
 * file is decoded again rather than read; it is deleted when its object is evicted, expires or is
 * replaced, and it counts against the cache's disk budget. Keeping it is an optimisation: if it
 * cannot be written (the disk is full, the structure is over 2 GiB), the decoded value is still
 * returned.
 *
 * <p>Implementations must be stateless (or immutable) and safe to call from many threads. The
 * decoded value must not change after {@link #decode} returns: it is written in the background while
 * requests already use it.
 *
 * @param <T> the decoded structure
 */
public interface DecodedForm<T> {
    /**
     * Names this form, layout version included, e.g. {@code csv-columns-v1}: change it whenever
     * {@link #write} changes, and files in the old layout are simply never read again (they go with
     * their object). 1 to 64 characters: lower-case letters, digits, {@code .}, {@code _} and
     * {@code -}, starting with a letter or digit.
     */
    String name();

    /**
     * Decodes the structure from the object's bytes: the expensive step this form exists to save.
     *
     * @param source the cached object
     * @return the structure; not {@code null}
     * @throws Exception as the handler's own decoding would (a {@link HandlerException} reaches the
     *     client as it is)
     */
    T decode(CachedObject source) throws Exception;

    /**
     * Writes the structure in this form's layout. The platform buffers {@code out}, checksums what
     * passes through it and closes it afterwards.
     *
     * @param value what {@link #decode} returned
     * @param out where the layout goes
     */
    void write(T value, OutputStream out) throws IOException;

    /**
     * Reads back what {@link #write} wrote.
     *
     * @param saved the written bytes, exactly, as a read-only buffer at position 0 in big-endian
     *     order, mapped from the file (checked against its checksum already); it stays valid after
     *     the call, so the structure may keep views of it instead of copying
     * @return the structure
     * @throws IOException if the bytes are not this form's layout; the platform then decodes the
     *     object again and replaces the file
     */
    T read(ByteBuffer saved) throws IOException;
}
