package io.memrun.runtime.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * Files only their owner may read: databases, tokens, credentials. Best effort where the file
 * system has no POSIX permissions (then the directory's own permissions apply).
 */
public final class OwnerOnlyFiles {
    private OwnerOnlyFiles() {
    }

    /**
     * Writes {@code bytes} to {@code target} (created or replaced) through a temporary file that is
     * mode 0600 before anything is written to it, then renamed into place atomically: the content
     * is never readable by others, not even for a moment, and never half-written.
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
        try {
            setMode(tmp, "rw-------");
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Makes {@code dir} 0700 and the files in it whose names start with {@code prefix + "."} 0600. */
    public static void restrict(Path dir, String prefix) {
        try {
            setMode(dir, "rwx------");
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith(prefix + ".")).toList()) {
                    setMode(f, "rw-------");
                }
            }
        } catch (IOException e) {
            // not ours to change: the directory's own permissions apply
        }
    }

    private static void setMode(Path path, String mode) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }
}
