package io.memrun.cloud.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.cloud.hetzner.Architecture;
import io.memrun.cloud.hetzner.ServerType;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerNamesAndTypesTest {
    @Test
    void name_isDeterministicAndAHostnameEvenForLongServices() {
        assertEquals("memrun-analytics-engine-s0-r1-g0", ServerNames.name("memrun", "analytics-engine", 0, 1, 0));
        String a = ServerNames.name("memrun", "a".repeat(63), 12, 345, 6);
        String b = ServerNames.name("memrun", "a".repeat(62) + "b", 12, 345, 6);
        assertTrue(a.length() <= 63 && a.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?"), a);
        assertTrue(a.endsWith("-s12-r345-g6"), a);
        assertTrue(!a.equals(b), "shortened names stay unique");
        assertEquals(a, ServerNames.name("memrun", "a".repeat(63), 12, 345, 6));
    }

    private static ServerType type(String name, int gib, int diskGib, String hourly, boolean deprecated) {
        return new ServerType(1, name, 2, (long) gib << 30, (long) diskGib << 30, Architecture.X86, deprecated,
                List.of(new ServerType.Price("fsn1", new BigDecimal(hourly), new BigDecimal(hourly), new BigDecimal("1"),
                        new BigDecimal("1"))));
    }

    @Test
    void choose_cheapestThatFitsSkippingDeprecated() {
        List<ServerType> types = List.of(type("small", 2, 20, "0.004", false), type("mid", 4, 40, "0.006", false),
                type("old", 8, 80, "0.005", true), type("big", 16, 160, "0.02", false));
        assertEquals("mid", ServerTypeChoice.choose(types, "fsn1", 2L << 30, 30L << 30).type().name());
        assertEquals("big", ServerTypeChoice.choose(types, "fsn1", 5L << 30, 30L << 30).type().name());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> ServerTypeChoice.choose(types, "fsn1", 64L << 30, 30L << 30));
        assertTrue(none.getMessage().contains("the largest is big"), none.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ServerTypeChoice.choose(types, "ash", 1, 1))
                .getMessage().contains("check the location"));
    }
}
