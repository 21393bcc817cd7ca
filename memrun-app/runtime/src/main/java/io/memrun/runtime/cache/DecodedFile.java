package io.memrun.runtime.cache;

import io.memrun.sdk.DecodedForm;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The layout of a decoded file: a 48-byte header, then the bytes a {@link DecodedForm} wrote.
 *
 * <pre>
 *   0  magic "MRDECOD1"
 *   8  the source object's length     (long, big-endian)
 *  16  the source object's CRC-32C    (long)
 *  24  the payload's length           (long)
 *  32  the payload's CRC-32C          (long)
 *  40  reserved, 0                    (long)
 *  48  payload
 * </pre>
 *
 * A file is read only if its magic, length and payload checksum hold and it names the object it is
 * read for, so a damaged, truncated or stale file is never handed to a form.
 */
final class DecodedFile {
    static final int HEADER = 48;
    /** Payloads are mapped as one buffer, so they stay under 2 GiB. */
    static final long MAX_PAYLOAD = Integer.MAX_VALUE - HEADER;
    private static final byte[] MAGIC = "MRDECOD1".getBytes(StandardCharsets.US_ASCII);
    private static final int BUFFER = 1 << 20;

    private DecodedFile() {
    }

    /** Why a file was not read. */
    static final class Unusable extends IOException {
        Unusable(String reason) {
            super(reason);
        }
    }

    /**
     * Writes {@code value} through {@code form} into {@code target} (an existing empty file).
     *
     * @return the file's length
     * @throws Unusable if the payload is over {@link #MAX_PAYLOAD}
     */
    static <T> long write(Path target, CacheEntry source, DecodedForm<T> form, T value) throws IOException {
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE)) {
            ch.position(HEADER);
            CheckedOut out = new CheckedOut(new BufferedOutputStream(Channels.newOutputStream(ch), BUFFER));
            form.write(value, out);
            out.flush();
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            header.put(MAGIC).putLong(source.size()).putLong(source.crc32c()).putLong(out.count)
                    .putLong(out.crc.getValue()).putLong(0).flip();
            while (header.hasRemaining()) {
                ch.write(header, header.position());
            }
            return HEADER + out.count;
        }
    }

    /**
     * Maps {@code file} and returns its checked payload, read-only, at position 0.
     *
     * @throws Unusable saying why the file may not be read
     */
    static ByteBuffer read(Path file, CacheEntry source) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = ch.size();
            if (length < HEADER || length - HEADER > MAX_PAYLOAD) {
                throw new Unusable("its length is " + length + " bytes");
            }
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, length);
            byte[] magic = new byte[MAGIC.length];
            map.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new Unusable("it does not start with the decoded-file header");
            }
            long sourceSize = map.getLong();
            long sourceCrc = map.getLong();
            long payloadLength = map.getLong();
            long payloadCrc = map.getLong();
            if (sourceSize != source.size() || sourceCrc != source.crc32c()) {
                throw new Unusable("it was decoded from another version of the object");
            }
            if (payloadLength != length - HEADER) {
                throw new Unusable("it is truncated (" + (length - HEADER) + " of " + payloadLength + " bytes)");
            }
            ByteBuffer payload = map.slice(HEADER, (int) payloadLength).asReadOnlyBuffer();
            if (FileChecksum.crc32c(payload) != payloadCrc) {
                throw new Unusable("its checksum does not match its bytes");
            }
            return payload;
        }
    }

    /** Counts and checksums what passes through; refuses payloads that could not be mapped back. */
    private static final class CheckedOut extends FilterOutputStream {
        final CRC32C crc = new CRC32C();
        long count;

        CheckedOut(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            grow(1);
            crc.update(b);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            grow(len);
            crc.update(b, off, len);
            out.write(b, off, len);
        }

        private void grow(int n) throws Unusable {
            count += n;
            if (count > MAX_PAYLOAD) {
                throw new Unusable("the structure is over 2 GiB written");
            }
        }

        @Override
        public void close() {
            // The platform closes the file; a form closing the stream early must not.
        }
    }
}
