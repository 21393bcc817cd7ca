package io.memrun.cloud.hetzner;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServerSpecTest {

    @ParameterizedTest
    @ValueSource(strings = {"-leading", "trailing-", "under_score", "two..dots", "", "with space"})
    void constructor_nameNotAHostname_rejected(String name) {
        assertThrows(IllegalArgumentException.class, () -> spec(name, "", Map.of()));
    }

    @Test
    void constructor_userDataAtTheLimit_accepted() {
        assertDoesNotThrow(() -> spec("a", "x".repeat(ServerSpec.MAX_USER_DATA_BYTES), Map.of()));
    }

    @Test
    void constructor_userDataOverTheLimitInBytes_rejected() {
        // 16,385 two-byte characters: under the limit in chars, over it in UTF-8 bytes.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> spec("a", "é".repeat(ServerSpec.MAX_USER_DATA_BYTES / 2 + 1), Map.of()));
        assertTrue(e.getMessage().contains("32768"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"memrun.io/", "/slot", "Memrun_IO/slot", "memrun.io/-slot", "a/b/c"})
    void constructor_invalidLabelKey_rejectedNamingTheKey(String key) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spec("a", "", Map.of(key, "v")));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    @Test
    void constructor_memrunLabels_accepted() {
        assertDoesNotThrow(() -> spec("c1-svc-s0-r1", "", Map.of("memrun.io/cluster", "c1", "memrun.io/slot", "s0",
                "memrun.io/revision", "r1.2_3", "empty", "")));
    }

    @Test
    void constructor_invalidLabelValue_rejected() {
        assertThrows(IllegalArgumentException.class, () -> spec("a", "", Map.of("memrun.io/slot", "s 0")));
    }

    @Test
    void toString_userData_showsSizeNotText() {
        String text = spec("a", "#cloud-config secret-looking", Map.of()).toString();

        assertFalse(text.contains("secret-looking"), text);
        assertTrue(text.contains("28 bytes"), text);
    }

    private static ServerSpec spec(String name, String userData, Map<String, String> labels) {
        return new ServerSpec(name, "cx22", "debian-13", "fsn1", userData, labels);
    }
}
