package io.memrun.sdk;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"analytics-engine", "a", "svc2", "a-b-c"})
    void requireValid_dnsLabels_accepted(String name) {
        assertDoesNotThrow(() -> ServiceNames.requireValid(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Analytics", "-svc", "svc-", "2svc", "a_b", "a.b", "a b", "ünï"})
    void requireValid_invalidNames_rejectedWithHint(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServiceNames.requireValid(name));
        assertTrue(e.getMessage().contains("lower-case"), e.getMessage());
    }

    @Test
    void requireValid_tooLong_rejectedWithLimit() {
        String name = "a".repeat(64);
        assertFalse(ServiceNames.isValid(name));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ServiceNames.requireValid(name))
                .getMessage().contains("63"));
    }
}
