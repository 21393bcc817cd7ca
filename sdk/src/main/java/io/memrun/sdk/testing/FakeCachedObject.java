package io.memrun.sdk.testing;

import io.memrun.sdk.CachedObject;
import io.memrun.sdk.DecodedForm;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.StandardCopyOption;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An object in a {@link FakeWorker}'s cache directory. Its decoded forms are kept beside it as
 * {@code <file>.<form name>.decoded}, written once (calls are serialised) and read back when present;
 * unlike a real worker's, they carry no checksum: a form whose {@code read} throws is decoded again.
 */
record FakeCachedObject(String uri, Path path, boolean hit) implements CachedObject {
    private static final Object DECODE_LOCK = new Object();

    @Override
    public long size() {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public InputStream open() throws IOException {
        return Files.newInputStream(path);
    }

    @Override
    public <T> T decoded(DecodedForm<T> form) throws Exception {
        Path file = path.resolveSibling(path.getFileName() + "." + form.name() + ".decoded");
        synchronized (DECODE_LOCK) {
            if (Files.exists(file)) {
                try (FileChannel channel = FileChannel.open(file)) {
                    return form.read(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()).asReadOnlyBuffer());
                } catch (IOException e) {
                    Files.delete(file);
                }
            }
            T value = form.decode(this);
            Path tmp = Files.createTempFile(path.getParent(), "decoded-", ".part");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                form.write(value, out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return value;
        }
    }

    @Override
    public ByteBuffer map() throws IOException {
        try (FileChannel channel = FileChannel.open(path)) {
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        }
    }
}
