package io.memrun.bench.jmh;

import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectStoreSettings;
import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.dev.EmbeddedObjectStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The embedded S3 store of {@code memrun dev} in a temp directory, with a client, for one
 * benchmark trial. Objects are random bytes (incompressible, like real datasets).
 */
final class BenchStore implements AutoCloseable {
    static final String BUCKET = "bench";

    final Path root;
    final EmbeddedObjectStore server;
    final ObjectStore client;

    BenchStore() throws IOException {
        root = Files.createTempDirectory("memrun-bench-");
        server = EmbeddedObjectStore.start(root.resolve("s3"), 0);
        client = ObjectStore.create(new ObjectStoreSettings(server.endpoint(), server.accessKey(), server.secretKey(),
                server.region()));
        client.ensureBucket(BUCKET);
    }

    /** Uploads {@code size} random bytes as {@code key}, streamed from a temp file. */
    ObjectUri put(String key, long size) throws IOException {
        Path file = root.resolve("upload.bin");
        SplittableRandom random = new SplittableRandom(size);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += chunk.length) {
                for (int i = 0; i < chunk.length; i += 8) {
                    long v = random.nextLong();
                    for (int b = 0; b < 8; b++) {
                        chunk[i + b] = (byte) (v >>> (8 * b));
                    }
                }
                out.write(chunk, 0, (int) Math.min(chunk.length, size - done));
            }
        }
        ObjectUri uri = new ObjectUri(BUCKET, key);
        client.upload(uri, file);
        Files.delete(file);
        return uri;
    }

    /** A new empty directory under the trial's root. */
    Path newDir(String prefix) throws IOException {
        return Files.createTempDirectory(root, prefix);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
        server.close();
        deleteTree(root);
    }
}
