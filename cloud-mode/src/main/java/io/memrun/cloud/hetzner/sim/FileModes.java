package io.memrun.cloud.hetzner.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** Octal file modes ({@code 0600}) on filesystems that have them; elsewhere they are skipped. */
final class FileModes {
    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };

    private FileModes() {
    }

    /** The permissions of {@code octal} ({@code 644}, {@code 0600}; setuid and sticky bits are dropped). */
    static Set<PosixFilePermission> parse(String octal) {
        if (!octal.matches("0?[0-7]{3,4}|0o[0-7]{3}")) {
            throw new IllegalArgumentException("not an octal mode: " + octal);
        }
        int mode = Integer.parseInt(octal.replace("0o", ""), 8) & 0777;
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BITS.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                perms.add(BITS[bit]);
            }
        }
        return perms;
    }

    static void apply(Path file, String octal) throws IOException {
        Set<PosixFilePermission> perms = parse(octal);
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(file, perms);
        }
    }
}
