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

    /** Buffers shorter than this are checksummed on the calling thread alone. */
    private static final int PARALLEL_MIN_BYTES = 16 << 20;

    /**
     * The CRC-32C of {@code bytes} from position to limit (left unchanged), one slice per core, the
     * slices' checksums combined: reading a decoded file back is on a request's path.
     */
    static long crc32c(java.nio.ByteBuffer bytes) {
        int length = bytes.remaining();
        int parts = length < PARALLEL_MIN_BYTES ? 1 : Runtime.getRuntime().availableProcessors();
        long[] crcs = new long[parts];
        java.util.stream.IntStream.range(0, parts).parallel().forEach(p -> {
            int from = (int) ((long) length * p / parts);
            int to = (int) ((long) length * (p + 1) / parts);
            CRC32C crc = new CRC32C();
            crc.update(bytes.slice(bytes.position() + from, to - from));
            crcs[p] = crc.getValue();
        });
        long crc = crcs[0];
        for (int p = 1; p < parts; p++) {
            crc = Crc32cCombine.combine(crc, crcs[p], (int) ((long) length * (p + 1) / parts) - (int) ((long) length * p / parts));
        }
        return crc;
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by every Java platform", e);
        }
    }
}
