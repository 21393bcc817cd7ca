package io.memrun.runtime.cache;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * Checksums of a cache file, read through memory-mapped windows so that big objects never pass
 * through the heap. CRC-32C runs at memory speed (about 10 GB/s here, with the CPU's CRC
 * instruction); MD5 at about 0.6 GB/s, so it is only computed where an entity tag needs it.
 *
 * @param crc32c the CRC-32C of the bytes
 * @param md5 the lower-case hex MD5, or {@code null} if it was not asked for
 */
record FileChecksum(long crc32c, String md5) {
    private static final long WINDOW = 1L << 30;

    /** Reads the first {@code size} bytes of {@code file}; computes MD5 too if {@code withMd5}. */
    static FileChecksum of(Path file, long size, boolean withMd5) throws IOException {
        CRC32C crc = new CRC32C();
        MessageDigest md5 = withMd5 ? newMd5() : null;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (long pos = 0; pos < size; pos += WINDOW) {
                MappedByteBuffer window = ch.map(FileChannel.MapMode.READ_ONLY, pos, Math.min(WINDOW, size - pos));
                if (md5 != null) {
                    md5.update(window.duplicate());
                }
                crc.update(window);
            }
        }
        return new FileChecksum(crc.getValue(), md5 == null ? null : HexFormat.of().formatHex(md5.digest()));
    }

    /** The CRC-32C of {@code length} bytes of {@code file} from {@code offset}, in the same windows. */
    static long crc32c(Path file, long offset, long length) throws IOException {
        CRC32C crc = new CRC32C();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (long pos = offset, end = offset + length; pos < end; pos += WINDOW) {
                crc.update(ch.map(FileChannel.MapMode.READ_ONLY, pos, Math.min(WINDOW, end - pos)));
            }
        }
        return crc.getValue();
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by every Java platform", e);
        }
    }
}
