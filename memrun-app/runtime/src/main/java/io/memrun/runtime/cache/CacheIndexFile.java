package io.memrun.runtime.cache;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The cache's {@code index.json}: one {@link EntryRecord} per cached object, least recently used
 * first. It carries what the files alone cannot: the order of last use across a restart.
 *
 * <p>Loading never throws: a missing, truncated or garbage index comes back as a status with the
 * reason, and the caller rebuilds from the sidecars. Saving is atomic (a temp file, forced to disk,
 * then renamed over the old index), so a crash leaves the old index or the new one, never a torn one.
 */
final class CacheIndexFile {
    private static final int VERSION = 1;

    private final Path file;
    private final Path tmp;

    CacheIndexFile(Path dir) {
        this.file = dir.resolve("index.json");
        this.tmp = dir.resolve("index.json.tmp");
    }

    /** What loading found. */
    enum Status { LOADED, MISSING, UNREADABLE }

    /**
     * The result of {@link #load()}.
     *
     * @param status whether the index was there and readable
     * @param reason why it was unreadable (one line), or empty
     * @param records its well-formed rows; rows that fail {@link EntryRecord#valid()} are dropped
     */
    record Loaded(Status status, String reason, List<EntryRecord> records) {
    }

    /** The persisted form: a version, so a future format can tell old files apart. */
    record Document(int version, List<EntryRecord> entries) {
    }

    Loaded load() {
        try {
            Document doc = CacheDirectory.JSON.readValue(file.toFile(), Document.class);
            if (doc == null || doc.version() != VERSION || doc.entries() == null) {
                return new Loaded(Status.UNREADABLE, "unknown format", List.of());
            }
            List<EntryRecord> rows = doc.entries().stream().filter(r -> r != null && r.valid()).toList();
            return new Loaded(Status.LOADED, "", rows);
        } catch (NoSuchFileException | FileNotFoundException e) {
            return new Loaded(Status.MISSING, "", List.of());
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Loaded(Status.UNREADABLE, m.lines().findFirst().orElse(m), List.of());
        }
    }

    void save(List<EntryRecord> records) throws IOException {
        byte[] json = CacheDirectory.JSON.writeValueAsBytes(new Document(VERSION, records));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            var buf = java.nio.ByteBuffer.wrap(json);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true); // without it, a power cut after the rename can leave an empty index
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
