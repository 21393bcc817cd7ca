package io.memrun.sdk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Where the chunks of {@link ParallelDecode#decodeRecords} start and end: chunk {@code i} starts just
 * after the first delimiter within its even range {@code [even[i], even[i + 1])} (the first chunk at
 * the start), and ends where the next chunk that has such a delimiter starts (the last at the end
 * of the object); a chunk with no delimiter in its range is empty, its bytes going to the chunk
 * before. Each range is scanned once, at most to its end, and only a small window is mapped at a
 * time, so on an object still arriving a chunk waits for the bytes it reads and no others; a file
 * with few or no delimiters costs one pass, not one per chunk.
 */
final class RecordCuts {
    private static final int WINDOW = 64 << 10;
    private static final long UNKNOWN = -2;
    private static final long NONE = -1;

    private final CachedObject file;
    private final byte delimiter;
    private final long[] even;
    /** Per range, the offset just after its first delimiter, {@link #NONE}, or {@link #UNKNOWN} yet. */
    private final AtomicLongArray cuts;

    /**
     * @param even the even bounds, from where the first record starts to the object's size
     */
    RecordCuts(CachedObject file, byte delimiter, long[] even) {
        this.file = file;
        this.delimiter = delimiter;
        this.even = even;
        this.cuts = new AtomicLongArray(even.length - 1);
        for (int i = 0; i < even.length - 1; i++) {
            cuts.set(i, UNKNOWN);
        }
    }

    /** How many chunks there are. */
    int chunks() {
        return even.length - 1;
    }

    /** Where chunk {@code i} starts; its {@link #end} if it is empty. */
    long start(int i) throws IOException {
        if (i == 0) {
            return even[0];
        }
        long cut = cut(i);
        return cut == NONE ? end(i) : cut;
    }

    /** Where chunk {@code i} ends: where the next chunk with a record of its own starts. */
    long end(int i) throws IOException {
        for (int j = i + 1; j < chunks(); j++) {
            long cut = cut(j);
            if (cut != NONE) {
                return cut;
            }
        }
        return even[even.length - 1];
    }

    /** Just after the first delimiter in range {@code i}, or {@link #NONE}; scanned once (racing threads agree). */
    private long cut(int i) throws IOException {
        long known = cuts.get(i);
        if (known != UNKNOWN) {
            return known;
        }
        long found = NONE;
        scan:
        for (long offset = even[i]; offset < even[i + 1]; offset += WINDOW) {
            ByteBuffer window = file.map(offset, Math.min(WINDOW, even[i + 1] - offset));
            for (int b = 0, n = window.limit(); b < n; b++) {
                if (window.get(b) == delimiter) {
                    found = offset + b + 1;
                    break scan;
                }
            }
        }
        cuts.set(i, found);
        return found;
    }
}
