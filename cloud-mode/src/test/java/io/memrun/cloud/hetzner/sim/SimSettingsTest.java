package io.memrun.cloud.hetzner.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimSettingsTest {
    private static final Path ROOT = Path.of("/tmp/sim-settings");

    @Test
    void defaults_any_areHetznersAndThisJvm() {
        SimSettings s = SimSettings.defaults(ROOT);
        assertEquals("127.0.0.1", s.host());
        assertEquals(0, s.port());
        assertEquals(Set.of(SimSettings.DEFAULT_TOKEN), s.tokens());
        assertEquals(Duration.ofSeconds(1), s.bootDelay());
        assertEquals(3600, s.rateLimit());
        assertEquals(Duration.ofSeconds(1), s.rateRefill());
        assertTrue(Files.isExecutable(s.java()), s.java().toString());
    }

    @Test
    void constructor_badValues_failWithTheirName() {
        SimSettings s = SimSettings.defaults(ROOT);
        assertThrows(IllegalArgumentException.class, () -> s.withPort(70000));
        assertThrows(IllegalArgumentException.class, () -> s.withTokens(Set.of()));
        assertThrows(IllegalArgumentException.class, () -> s.withTokens(Set.of(" ")));
        assertThrows(IllegalArgumentException.class, () -> s.withBootDelay(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> s.withRateLimit(0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> s.withRateLimit(10, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> s.withHost(""));
    }
}
