package io.memrun.sdk.testing;

import io.memrun.sdk.CachedObject;
import java.nio.file.Path;

/** Local files as {@link CachedObject}s, for testing code that decodes cached objects without a worker. */
public final class LocalObjects {
    private LocalObjects() {
    }

    /**
     * A local file as a cached object that is already whole, as {@link FakeWorker} hands them out:
     * its decoded forms are kept beside it ({@code <file>.<form>.decoded}).
     *
     * @param file the file; it stays where it is
     * @return the object, its URI {@code file:<path>}
     */
    public static CachedObject of(Path file) {
        return new FakeCachedObject("file:" + file.toAbsolutePath(), file, true);
    }
}
