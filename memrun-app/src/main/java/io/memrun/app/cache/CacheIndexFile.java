package io.memrun.app.cache;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache's {@code index.json}: which URI lives in which file, its length, entity tag and last
 * access. Loading is best effort (a missing or unreadable index yields an empty list and one log
 * line); saving is atomic (temp file, then rename).
 */
final class CacheIndexFile {
    private static final Logger LOG = LoggerFactory.getLogger(CacheIndexFile.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    CacheIndexFile(Path file) {
        this.file = file;
    }

    List<CacheEntry> load() {
        try {
            List<Row> rows = JSON.readValue(file.toFile(), new TypeReference<List<Row>>() { });
            List<CacheEntry> out = new ArrayList<>();
            for (Row r : rows) {
                if (r != null && r.uri() != null && r.size() >= 0 && CacheKeys.fileName(r.uri()).equals(r.file())) {
                    out.add(new CacheEntry(r.uri(), r.file(), r.size(), r.etag(), r.lastAccess()));
                }
            }
            return out;
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return List.of();
        } catch (IOException | RuntimeException e) {
            LOG.warn("cache index {} is unreadable ({}); starting with an empty cache", file, e.getMessage().lines().findFirst().orElse(""));
            return List.of();
        }
    }

    void save(List<CacheEntry> entries) throws IOException {
        List<Row> rows = entries.stream()
                .map(e -> new Row(e.uri(), e.fileName(), e.size(), e.etag(), e.lastAccess()))
                .toList();
        Path tmp = file.resolveSibling("index.json.tmp");
        JSON.writeValue(tmp.toFile(), rows);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public String toString() {
        return file.toString();
    }

    record Row(String uri, String file, long size, String etag, long lastAccess) {
    }
}
