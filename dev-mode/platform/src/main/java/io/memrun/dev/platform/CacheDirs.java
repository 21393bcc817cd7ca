package io.memrun.dev.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A local worker's two cache directories, {@code cache} and {@code cache-next}: a warm handoff
 * fills the one not in use, then makes it current. Which is current is kept in the worker's
 * directory ({@code current-cache}), so a restart of memrun dev finds the warm one.
 */
final class CacheDirs {
    private static final String FIRST = "cache";
    private static final String SECOND = "cache-next";
    private static final String POINTER = "current-cache";

    private CacheDirs() {
    }

    /** The worker's current cache directory (its {@code cache} before any handoff). */
    static Path current(Path workerDir) throws IOException {
        Path pointer = workerDir.resolve(POINTER);
        if (Files.exists(pointer)) {
            String name = Files.readString(pointer, StandardCharsets.UTF_8).trim();
            if (name.equals(FIRST) || name.equals(SECOND)) {
                return workerDir.resolve(name);
            }
        }
        return workerDir.resolve(FIRST);
    }

    /** The directory that is not {@code current}. */
    static Path other(Path workerDir, Path current) {
        return workerDir.resolve(current.getFileName().toString().equals(FIRST) ? SECOND : FIRST);
    }

    /** Records {@code dir} as the current one. */
    static void makeCurrent(Path workerDir, Path dir) throws IOException {
        Path tmp = workerDir.resolve(POINTER + ".tmp");
        Files.writeString(tmp, dir.getFileName().toString() + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, workerDir.resolve(POINTER), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Deletes {@code dir} and everything in it, if it exists. */
    static void clear(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
