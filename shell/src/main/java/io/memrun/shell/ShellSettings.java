package io.memrun.shell;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How a shell connects. Immutable; start from {@link #of(URI)} and change what differs:
 *
 * <pre>{@code
 * ShellSettings s = ShellSettings.of(URI.create("http://127.0.0.1:8080"))
 *         .withObjectStore(URI.create("http://localhost:9000"))
 *         .withCredentials(accessKey, secretKey);
 * }</pre>
 */
public final class ShellSettings {
    /** The gateway of a default {@code memrun dev}. */
    public static final URI DEFAULT_GATEWAY = URI.create("http://127.0.0.1:8080");

    private final URI gateway;
    private final Path historyFile;
    private final URI objectStore;
    private final String region;
    private final String accessKey;
    private final String secretKey;

    private ShellSettings(URI gateway, Path historyFile, URI objectStore, String region, String accessKey,
                          String secretKey) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        if (!"http".equals(gateway.getScheme()) && !"https".equals(gateway.getScheme()) || gateway.getHost() == null) {
            throw new IllegalArgumentException("invalid gateway URL '" + gateway + "': write http://host:port");
        }
        this.historyFile = Objects.requireNonNull(historyFile, "historyFile");
        this.objectStore = objectStore;
        this.region = Objects.requireNonNull(region, "region");
        this.accessKey = Objects.requireNonNull(accessKey, "accessKey");
        this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
    }

    /**
     * Settings for the gateway at {@code gateway}: history in {@code ~/.memrun_history}, the object
     * store the gateway names in {@code GET /v1/info}, credentials {@code minioadmin}/{@code minioadmin}
     * (those of the embedded store).
     */
    public static ShellSettings of(URI gateway) {
        return new ShellSettings(gateway, Path.of(System.getProperty("user.home"), ".memrun_history"), null,
                "us-east-1", "minioadmin", "minioadmin");
    }

    /** The same, with interactive history kept in {@code file}. */
    public ShellSettings withHistoryFile(Path file) {
        return new ShellSettings(gateway, file, objectStore, region, accessKey, secretKey);
    }

    /** The same, using the object store at {@code endpoint} instead of asking the gateway where it is. */
    public ShellSettings withObjectStore(URI endpoint) {
        return new ShellSettings(gateway, historyFile, Objects.requireNonNull(endpoint, "endpoint"), region, accessKey, secretKey);
    }

    /** The same, with the object store's signing region (defaults to {@code us-east-1}). */
    public ShellSettings withRegion(String region) {
        return new ShellSettings(gateway, historyFile, objectStore, region, accessKey, secretKey);
    }

    /** The same, with object store credentials. */
    public ShellSettings withCredentials(String accessKey, String secretKey) {
        return new ShellSettings(gateway, historyFile, objectStore, region, accessKey, secretKey);
    }

    /** The gateway's base URL. */
    public URI gateway() {
        return gateway;
    }

    /** Where interactive history is kept. */
    public Path historyFile() {
        return historyFile;
    }

    /** The object store endpoint, when set explicitly. */
    public Optional<URI> objectStore() {
        return Optional.ofNullable(objectStore);
    }

    /** The object store's signing region. */
    public String region() {
        return region;
    }

    /** The object store access key. */
    public String accessKey() {
        return accessKey;
    }

    /** The object store secret key; never printed. */
    public String secretKey() {
        return secretKey;
    }

    @Override
    public String toString() {
        return "ShellSettings[gateway=" + gateway + ", objectStore=" + objectStore().map(URI::toString).orElse("from /v1/info")
                + ", accessKey=" + accessKey + "]";
    }
}
