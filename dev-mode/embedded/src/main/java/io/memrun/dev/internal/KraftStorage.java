package io.memrun.dev.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The on-disk state of the embedded broker: formatted once, then reused on every start.
 *
 * <p>What {@code kafka-storage.sh format} does for a real broker: write {@code meta.properties}
 * (cluster id, node id) and the bootstrap metadata snapshot. A directory that already has a
 * {@code meta.properties} is left alone, which is what lets topics and messages survive a
 * restart of {@code memrun dev}; its cluster id is read back from there.
 */
public final class KraftStorage {
    private static final Logger LOG = LoggerFactory.getLogger(KraftStorage.class);
    static final String META_PROPERTIES = "meta.properties";

    private KraftStorage() {
    }

    /**
     * Formats {@code logDir} unless it was formatted before.
     *
     * @return the cluster id stored in the directory
     */
    public static String formatIfNeeded(Path logDir) throws Exception {
        Files.createDirectories(logDir);
        Path meta = logDir.resolve(META_PROPERTIES);
        if (Files.exists(meta)) {
            return readClusterId(meta);
        }
        String clusterId = Uuid.randomUuid().toString();
        // The formatter reports progress on a PrintStream (it is the CLI's engine); keep it
        // off stdout and hand it to the log instead.
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(report, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(out)
                    .setNodeId(BrokerSettings.NODE_ID)
                    .setClusterId(clusterId)
                    .setControllerListenerName(BrokerSettings.CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(logDir.toString())
                    .addDirectory(logDir.toString())
                    .run();
        }
        LOG.debug("Formatted KRaft storage: {}", report.toString(StandardCharsets.UTF_8).strip());
        return clusterId;
    }

    private static String readClusterId(Path meta) throws IOException {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            props.load(in);
        }
        String id = props.getProperty("cluster.id");
        if (id == null || id.isBlank()) {
            throw new IOException(meta + " has no cluster.id; remove the directory to start afresh");
        }
        return id;
    }
}
