package io.memrun.sdk;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Finds where records start in a cached object for {@link ParallelDecode#decodeRecords}: just after
 * the next delimiter byte. It maps only a small window at a time, so that on an object still
 * arriving it waits for the bytes it reads and no others.
 */
final class RecordCuts {
    private static final int WINDOW = 64 << 10;

    private final CachedObject file;
    private final byte delimiter;

    RecordCuts(CachedObject file, byte delimiter) {
        this.file = file;
        this.delimiter = delimiter;
    }

    /** The offset just after the first delimiter at or after {@code from}; the object's size if there is none. */
    long after(long from) throws IOException {
        long size = file.size();
        for (long offset = from; offset < size; offset += WINDOW) {
            ByteBuffer window = file.map(offset, Math.min(WINDOW, size - offset));
            for (int i = 0, n = window.limit(); i < n; i++) {
                if (window.get(i) == delimiter) {
                    return offset + i + 1;
                }
            }
        }
        return size;
    }
}
