package io.memrun.runtime.cache;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of one cache: each object as {@code <base>.obj} beside a {@code <base>.meta} sidecar
 * (an {@link EntryRecord} in JSON) and any structures decoded from it ({@code
 * <base>.<form>.decoded}, see {@link DecodedFile}), downloads in progress under {@code tmp/},
 * {@code index.json}, and an {@code owner} token naming the cache instance that manages the
 * directory.
 *
 * <p>It tracks which base names are live (installed, being installed, or still read after being
 * replaced), and which decoded files each has, so that the orphan sweep never deletes a file that
 * some request or download owns, and deleting an object deletes what was decoded from it. The
 * owner token lets an instance notice that a newer one took the directory over (a worker restarted
 * in the same JVM after a simulated crash) and stop touching it.
 */
final class CacheDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(CacheDirectory.class);
    static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;
    private final Path tmp;
    private final Path ownerFile;
    private final String token = UUID.randomUUID().toString();
    private final Set<String> live = ConcurrentHashMap.newKeySet();
    /** Decoded files by base name: form name to file length. */
    private final Map<String, Map<String, Long>> decoded = new ConcurrentHashMap<>();

    private CacheDirectory(Path dir) {
        this.dir = dir;
        this.tmp = dir.resolve("tmp");
        this.ownerFile = dir.resolve("owner");
    }

    /** Creates the directory if needed, drops downloads a previous process left half done, and claims it. */
    static CacheDirectory open(Path dir) throws IOException {
        CacheDirectory d = new CacheDirectory(Files.createDirectories(dir.toAbsolutePath().normalize()));
        Files.createDirectories(d.tmp);
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(d.tmp)) {
            for (Path p : stale) {
                Files.deleteIfExists(p);
            }
        }
        Path claim = d.tmp.resolve("owner");
        Files.writeString(claim, d.token);
        Files.move(claim, d.ownerFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return d;
    }

    Path dir() {
        return dir;
    }

    Path objectPath(String base) {
        return dir.resolve(base + CacheKeys.OBJECT_SUFFIX);
    }

    /** A new empty file for one download; on the cache's file system so the install is a rename. */
    Path newTempFile() throws IOException {
        return Files.createTempFile(tmp, "download-", ".part");
    }

    /** The object file's last-modified time in nanoseconds, or -1 if it cannot be read. */
    long modified(CacheEntry e) {
        try {
            return Files.getLastModifiedTime(objectPath(e.baseName())).to(java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (IOException ex) {
            return -1;
        }
    }

    /** Whether the entry's file is there with the indexed length. */
    boolean intact(CacheEntry e) {
        try {
            return Files.size(objectPath(e.baseName())) == e.size();
        } catch (IOException ex) {
            return false;
        }
    }

    /**
     * Moves a verified download into place: the sidecar first, then the object, each by atomic
     * rename, so a crash at any point leaves either nothing, an orphan the sweep removes, or a
     * complete object that a lost index can be rebuilt from.
     */
    void install(Path download, CacheEntry e) throws IOException {
        String base = e.baseName();
        live.add(base);
        try {
            Path meta = tmp.resolve(base + CacheKeys.META_SUFFIX);
            JSON.writeValue(meta.toFile(), e.toRecord());
            Files.move(meta, dir.resolve(base + CacheKeys.META_SUFFIX), StandardCopyOption.ATOMIC_MOVE);
            Files.move(download, objectPath(base), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException ex) {
            delete(base);
            throw ex;
        }
    }

    /** Marks a recovered entry's files as owned. */
    void adopt(String base) {
        live.add(base);
    }

    Path decodedPath(String base, String form) {
        return dir.resolve(CacheKeys.decodedFileName(base, form));
    }

    /** The length of the decoded file {@code form} of {@code base}, or -1 if there is none. */
    long decodedLength(String base, String form) {
        Map<String, Long> forms = decoded.get(base);
        Long length = forms == null ? null : forms.get(form);
        return length == null ? -1 : length;
    }

    /**
     * Registers a decoded file of a live object, before it is renamed into place (so the orphan
     * sweep never takes it for a leftover).
     */
    void addDecoded(String base, String form, long length) {
        decoded.computeIfAbsent(base, b -> new ConcurrentHashMap<>()).put(form, length);
    }

    /** The form names of {@code base}'s registered decoded files. */
    java.util.Set<String> decodedForms(String base) {
        Map<String, Long> forms = decoded.get(base);
        return forms == null ? java.util.Set.of() : java.util.Set.copyOf(forms.keySet());
    }

    /** Deletes one decoded file; returns its registered length, or -1 if it was not registered. */
    long deleteDecoded(String base, String form) {
        Map<String, Long> forms = decoded.get(base);
        Long length = forms == null ? null : forms.remove(form);
        if (forms != null && forms.isEmpty()) {
            decoded.remove(base, forms);
        }
        deleteQuietly(decodedPath(base, form));
        return length == null ? -1 : length;
    }

    /** The decoded files on disk, by base name: form name to file length. */
    Map<String, Map<String, Long>> listDecoded() throws IOException {
        Map<String, Map<String, Long>> out = new HashMap<>();
        forEachCacheFile((file, base) -> {
            String form = CacheKeys.formNameOf(file.getFileName().toString());
            if (form != null) {
                out.computeIfAbsent(base, b -> new HashMap<>()).put(form, Files.size(file));
            }
        });
        return out;
    }

    /** Deletes an entry's files, decoded ones included; a failure is logged and left to the orphan sweep. */
    void delete(String base) {
        deleteQuietly(objectPath(base)); // the object first: a lone sidecar is harmless
        deleteQuietly(dir.resolve(base + CacheKeys.META_SUFFIX));
        Map<String, Long> forms = decoded.remove(base);
        if (forms != null) {
            for (String form : forms.keySet()) {
                deleteQuietly(decodedPath(base, form));
            }
        }
        live.remove(base);
    }

    private void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cache {}: could not delete {}: {}", dir, file.getFileName(), e.toString());
        }
    }

    /** The lengths of all object files, by base name. */
    Map<String, Long> listObjects() throws IOException {
        Map<String, Long> out = new HashMap<>();
        forEachCacheFile((file, base) -> {
            if (file.getFileName().toString().endsWith(CacheKeys.OBJECT_SUFFIX)) {
                out.put(base, Files.size(file));
            }
        });
        return out;
    }

    /** The sidecar of {@code base}, or {@code null} if it is missing or unreadable. */
    EntryRecord readMeta(String base) {
        try {
            EntryRecord r = JSON.readValue(dir.resolve(base + CacheKeys.META_SUFFIX).toFile(), EntryRecord.class);
            return r != null && r.valid() && r.file().equals(base) ? r : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Deletes cache files that no entry owns (left by a crash or by a failed delete); returns how many. */
    int deleteOrphans() throws IOException {
        int[] count = {0};
        forEachCacheFile((file, base) -> {
            if (!owns(base, file) && Files.deleteIfExists(file)) {
                count[0]++;
            }
        });
        return count[0];
    }

    /** Whether {@code file} belongs to a live object (and, if it is a decoded file, is registered). */
    private boolean owns(String base, Path file) {
        if (!live.contains(base)) {
            return false;
        }
        String form = CacheKeys.formNameOf(file.getFileName().toString());
        return form == null || decodedLength(base, form) >= 0;
    }

    /** Whether this instance still manages the directory (no newer instance claimed it). */
    boolean owned() {
        try {
            return token.equals(Files.readString(ownerFile));
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return true; // unreadable for a moment is not proof of a takeover
        }
    }

    /** Bytes the file system lets us write; {@code Long.MAX_VALUE} if it cannot tell (the write will). */
    long usableSpace() {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    private void forEachCacheFile(FileVisitor visitor) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String base = CacheKeys.baseNameOf(file.getFileName().toString());
                if (base != null) {
                    try {
                        visitor.visit(file, base);
                    } catch (NoSuchFileException e) {
                        // deleted concurrently by an eviction: nothing to do
                    }
                }
            }
        }
    }

    @FunctionalInterface
    private interface FileVisitor {
        void visit(Path file, String base) throws IOException;
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
