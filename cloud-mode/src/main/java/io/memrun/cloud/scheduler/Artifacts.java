package io.memrun.cloud.scheduler;

import io.memrun.cloud.bootstrap.Enrollment;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.runtime.service.ServiceArtifacts;
import io.memrun.sdk.MemoryService;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Service artifacts and the memrun jar in the user's store: uploaded once by content (their
 * SHA-256 names them), handed to servers through presigned URLs, and loaded here too so a deploy
 * is checked (does it load, what does it declare) before any server is paid for.
 */
final class Artifacts {
    /** The kinds of artifact: a jar, a zipped classes or sources directory, or the bundled example. */
    static final List<String> KINDS = List.of("jar", "zip", "bundled");
    /** How long a presigned URL stays valid: longer than a server's boot. */
    static final Duration URL_TTL = Duration.ofHours(1);

    private final ObjectStore store;
    private final String bucket;
    private final Path localDir;
    private final Supplier<List<MemoryService>> bundled;

    Artifacts(ObjectStore store, String bucket, Path localDir, Supplier<List<MemoryService>> bundled) throws IOException {
        this.store = store;
        this.bucket = bucket;
        this.localDir = Files.createDirectories(localDir);
        this.bundled = bundled;
    }

    static ObjectUri uri(String bucket, String sha, String kind) {
        return new ObjectUri(bucket, "memrun/artifacts/" + sha + "." + kind);
    }

    /** Stores an uploaded artifact; returns its SHA-256. */
    String put(String kind, InputStream body, long maxBytes) throws IOException {
        if (!kind.equals("jar") && !kind.equals("zip")) {
            throw new IllegalArgumentException("artifact kind must be jar or zip, was '" + kind + "'");
        }
        Path tmp = Files.createTempFile(localDir, "upload", ".tmp");
        try {
            long n;
            try (InputStream in = body) {
                n = Files.copy(new LimitedInputStream(in, maxBytes), tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            if (n == 0) {
                throw new IllegalArgumentException("the artifact is empty");
            }
            String sha = Enrollment.sha256(tmp);
            store.upload(uri(bucket, sha, kind), tmp);
            Files.move(tmp, local(sha, kind), StandardCopyOption.REPLACE_EXISTING);
            return sha;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Uploads the memrun jar the servers run; returns its SHA-256. */
    String putWorkerJar(Path jar) throws IOException {
        String sha = Enrollment.sha256(jar);
        store.upload(uri(bucket, sha, "jar"), jar);
        return sha;
    }

    private Path local(String sha, String kind) {
        return localDir.resolve(sha + "." + kind);
    }

    /**
     * The services an artifact deploys, loaded the way a worker loads them.
     *
     * @throws IllegalArgumentException if the artifact is unknown or does not load
     */
    List<MemoryService> load(String sha, String kind) throws Exception {
        if (kind.equals("bundled")) {
            List<MemoryService> services = bundled.get();
            if (services.isEmpty()) {
                throw new IllegalArgumentException("this memrun build bundles no example: give an artifact");
            }
            return services;
        }
        Path file = local(sha, kind);
        if (!Files.exists(file)) {
            // Into a temporary file, checked, then moved: a broken download is never trusted later.
            Path tmp = Files.createTempFile(localDir, "download", ".tmp");
            try {
                store.download(uri(bucket, sha, kind), tmp);
                if (!Enrollment.sha256(tmp).equals(sha)) {
                    throw new IllegalArgumentException("artifact " + sha + "." + kind + " in the store does not match its"
                            + " sha256: upload it again");
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (io.memrun.runtime.objectstore.ObjectNotFoundException e) {
                throw new IllegalArgumentException("no artifact " + sha + "." + kind + ": upload it first");
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        Path build = localDir.resolve("build-" + sha);
        if (kind.equals("jar")) {
            return ServiceArtifacts.load(file, build);
        }
        Path dir = localDir.resolve("unzipped-" + sha);
        if (!Files.isDirectory(dir)) {
            Path tmpDir = Files.createTempDirectory(localDir, "unzip");
            Enrollment.unzip(file, tmpDir);
            Files.move(tmpDir, dir, StandardCopyOption.ATOMIC_MOVE);
        }
        return ServiceArtifacts.load(dir, build);
    }

    /** A presigned URL of an artifact or the worker jar; empty for the bundled example. */
    Optional<String> url(String sha, String kind) {
        if (kind.equals("bundled")) {
            return Optional.empty();
        }
        return Optional.of(store.presignGet(uri(bucket, sha, kind), URL_TTL).toString());
    }

    /** Fails a read past {@code max} bytes, so an upload cannot fill the scheduler's disk. */
    private static final class LimitedInputStream extends java.io.FilterInputStream {
        private final long max;
        private long left;

        LimitedInputStream(InputStream in, long max) {
            super(in);
            this.max = max;
            this.left = max;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                left -= n;
                if (left < 0) {
                    throw new IllegalArgumentException("the artifact is larger than the limit of "
                            + io.memrun.sdk.Sizes.format(max) + "; upload a smaller jar");
                }
            }
            return n;
        }
    }
}
