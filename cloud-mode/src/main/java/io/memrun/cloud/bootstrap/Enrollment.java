package io.memrun.cloud.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memrun.runtime.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The worker's side of joining a cloud deploy: reads the bootstrap file its user-data wrote,
 * exchanges the single-use token with the scheduler for its {@link WorkerConfig} (kept in
 * {@code worker.json}, mode 0600, so a restart does not need the spent token), and fetches the
 * service artifact through its presigned URL, checking its SHA-256.
 */
public final class Enrollment {
    /** The file the worker keeps its configuration and credentials in, under its working directory. */
    public static final String CONFIG_FILE = "worker.json";
    private static final ObjectMapper JSON = Json.mapper();

    private Enrollment() {
    }

    /**
     * The worker's configuration: from {@code workDir/worker.json} if an earlier start saved it,
     * else from the scheduler in exchange for the token in {@code bootstrapFile}.
     *
     * @throws IOException with the scheduler's reason if it refuses the token
     */
    public static WorkerConfig obtain(Path bootstrapFile, Path workDir) throws IOException, InterruptedException {
        Path saved = workDir.resolve(CONFIG_FILE);
        if (Files.exists(saved)) {
            return JSON.readValue(saved.toFile(), WorkerConfig.class);
        }
        Properties bootstrap = new Properties();
        try (Reader in = Files.newBufferedReader(bootstrapFile)) {
            bootstrap.load(in);
        }
        String url = required(bootstrap, "scheduler.url", bootstrapFile);
        String server = required(bootstrap, "server.name", bootstrapFile);
        String token = required(bootstrap, "bootstrap.token", bootstrapFile);
        byte[] body = JSON.writeValueAsBytes(JSON.createObjectNode().put("server_name", server).put("token", token));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<byte[]> response = null;
        IOException last = null;
        // The scheduler may be restarting, or a proxy in front of it failing (5xx): retry those. A
        // refusal (4xx) is final: the token was wrong, used or expired.
        for (int attempt = 0; attempt < 30 && (response == null || response.statusCode() >= 500); attempt++) {
            if (attempt > 0) {
                Thread.sleep(Math.min(10_000, 500L << Math.min(attempt, 5)));
            }
            try {
                response = http.send(HttpRequest.newBuilder(URI.create(url).resolve("/v1/cloud/enroll"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                last = e;
            }
        }
        if (response == null) {
            throw new IOException("the scheduler at " + url + " did not answer: " + last.getMessage(), last);
        }
        if (response.statusCode() != 200) {
            String detail;
            try {
                detail = JSON.readTree(response.body()).path("detail").asText("");
            } catch (IOException notJson) {
                detail = ""; // a proxy's HTML error page, say
            }
            throw new IOException("the scheduler refused enrollment (HTTP " + response.statusCode() + ")"
                    + (detail.isEmpty() ? "" : ": " + detail));
        }
        WorkerConfig config = JSON.readValue(response.body(), WorkerConfig.class);
        io.memrun.runtime.files.OwnerOnlyFiles.write(saved, response.body());
        return config;
    }

    private static String required(Properties p, String key, Path file) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(file + " has no " + key);
        }
        return v.trim();
    }

    /**
     * The service artifact, downloaded once into {@code workDir} and checked against its SHA-256;
     * a zip is unpacked into a directory. Empty for the example bundled in the memrun jar.
     */
    public static Optional<Path> fetchArtifact(WorkerConfig config, Path workDir) throws IOException, InterruptedException {
        if (config.artifactKind().equals("bundled")) {
            return Optional.empty();
        }
        String sha = config.artifactSha256();
        Path file = workDir.resolve("artifact-" + sha + (config.artifactKind().equals("jar") ? ".jar" : ".zip"));
        if (!Files.exists(file) || !sha.equals(sha256(file))) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            Path tmp = Files.createTempFile(workDir, "artifact", ".tmp");
            HttpResponse<Path> r = http.send(HttpRequest.newBuilder(URI.create(config.artifactUrl()))
                    .timeout(Duration.ofMinutes(5)).GET().build(), HttpResponse.BodyHandlers.ofFile(tmp));
            if (r.statusCode() != 200) {
                Files.deleteIfExists(tmp);
                throw new IOException("downloading the service artifact failed with HTTP " + r.statusCode()
                        + " (an expired URL gives 403: restart the worker's server to get a new one)");
            }
            String actual = sha256(tmp);
            if (!actual.equals(sha)) {
                Files.deleteIfExists(tmp);
                throw new IOException("the service artifact's sha256 is " + actual + ", the scheduler said " + sha);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        if (config.artifactKind().equals("jar")) {
            return Optional.of(file);
        }
        Path dir = workDir.resolve("artifact-" + sha);
        if (!Files.isDirectory(dir)) {
            Path tmpDir = Files.createTempDirectory(workDir, "unzip");
            unzip(file, tmpDir);
            Files.move(tmpDir, dir, StandardCopyOption.ATOMIC_MOVE);
        }
        return Optional.of(dir);
    }

    /** Unpacks {@code zip} into {@code dir}, refusing entries that would land outside it. */
    public static void unzip(Path zip, Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                Path target = root.resolve(e.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("zip entry " + e.getName() + " points outside the artifact");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** The file's SHA-256, hex. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
