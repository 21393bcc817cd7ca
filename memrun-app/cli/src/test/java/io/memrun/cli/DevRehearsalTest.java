package io.memrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code memrun dev --exit-when-ready}, the start-up rehearsal with which {@code ./memrun build}
 * records the JVM's ahead-of-time cache: the whole stack comes up on free ports, then stops, exit 0.
 */
class DevRehearsalTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void exitWhenReady_startsTheWholeStack_thenStopsWithExitZero() throws Exception {
        Path log = dir.resolve("dev.log");
        Process p = ChildJvm.start("768m", log, List.of("dev", "--no-shell", "--exit-when-ready", "--data-dir",
                dir.resolve("data").toString(), "--http-port", "0", "--kafka-port", "0", "--s3-port", "0"));
        assertTrue(p.waitFor(100, TimeUnit.SECONDS), "still running: " + Files.readString(log));
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("memrun dev: ready in"), out);
        assertTrue(out.contains("ready; stopping (--exit-when-ready)"), out);
    }
}
