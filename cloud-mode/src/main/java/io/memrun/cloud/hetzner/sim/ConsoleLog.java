package io.memrun.cloud.hetzner.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's console: what the sim did while booting it (cloud-init's steps, unit starts and
 * exits, failures) and, appended by the OS, the output of its unit processes.
 */
final class ConsoleLog {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleLog.class);
    private final Path file;
    private final String server;

    ConsoleLog(Path file, String server) {
        this.file = file;
        this.server = server;
    }

    Path file() {
        return file;
    }

    /** Appends one line, stamped; a console that cannot be written is logged, never fatal. */
    synchronized void line(String message) {
        String line = "[" + Instant.now().truncatedTo(ChronoUnit.MILLIS) + "] sim: " + message + "\n";
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("{}: cannot write console {}: {}", server, file, e.getMessage());
        }
    }
}
