package io.memrun.dev.platform;

import io.memrun.runtime.objectstore.ObjectStoreSettings;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@code memrun dev} runs.
 *
 * @param dataDir where the broker, the store, the registry and the workers' caches keep their
 *     data (defaults to {@code .memrun/} in the current directory); survives restarts
 * @param workers local workers to run, each with its own cache directory
 * @param httpPort the gateway's port
 * @param kafkaPort the embedded broker's port
 * @param s3Port the embedded object store's port
 * @param maxBodyBytes the request body limit
 * @param externalStore an external MinIO/S3 endpoint to use instead of the embedded store
 * @param workerDisk each local worker's cache budget, overriding the service's disk; empty for the service's
 * @param network the simulated distance from the workers to the object store
 */
public record DevSettings(Path dataDir, int workers, int httpPort, int kafkaPort, int s3Port, int maxBodyBytes,
                          Optional<ObjectStoreSettings> externalStore, java.util.OptionalLong workerDisk,
                          io.memrun.dev.platform.NetworkProfile network) {
    public DevSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(externalStore, "externalStore");
        Objects.requireNonNull(workerDisk, "workerDisk");
        Objects.requireNonNull(network, "network");
        if (workers < 1 || workers > 64) {
            throw new IllegalArgumentException("--workers must be between 1 and 64, was " + workers);
        }
        for (int port : new int[] {httpPort, kafkaPort, s3Port}) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("ports must be between 0 and 65535, was " + port);
            }
        }
        // Checked here, before anything starts, rather than by the gateway or a worker seconds later.
        if (maxBodyBytes < 1024 || maxBodyBytes > 64 << 20) {
            throw new IllegalArgumentException("--max-body must be between 1Ki and 64Mi, was " + maxBodyBytes + " bytes");
        }
        if (workerDisk.isPresent() && workerDisk.getAsLong() < 1 << 20) {
            throw new IllegalArgumentException("--worker-disk must be at least 1Mi, was " + workerDisk.getAsLong() + " bytes");
        }
        if (httpPort != 0 && (httpPort == kafkaPort || httpPort == s3Port) || kafkaPort != 0 && kafkaPort == s3Port) {
            throw new IllegalArgumentException("--http-port, --kafka-port and --s3-port must differ (" + httpPort + ", "
                    + kafkaPort + ", " + s3Port + ")");
        }
    }
}
