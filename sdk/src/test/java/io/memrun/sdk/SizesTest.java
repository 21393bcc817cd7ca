package io.memrun.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SizesTest {
    @Test
    void parse_binaryDecimalAndFractionalUnits_returnBytes() {
        assertEquals(32L << 30, Sizes.parse("32Gi"));
        assertEquals(512L << 20, Sizes.parse("512Mi"));
        assertEquals(1_500_000_000L, Sizes.parse("1.5G"));
        assertEquals(600L << 30, Sizes.parse("600GiB"));
        assertEquals(1024, Sizes.parse("1024"));
        assertEquals(2048, Sizes.parse(" 2Ki "));
    }

    @Test
    void parse_garbage_throwsNamingTheTextAndForms() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sizes.parse("32 gigs"));
        assertTrue(e.getMessage().contains("'32 gigs'"), e.getMessage());
        assertTrue(e.getMessage().contains("32Gi"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse(""));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("-1Gi"));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("99999999999Pi"));
    }

    @Test
    void format_picksLargestBinaryUnit() {
        assertEquals("1.5 GiB", Sizes.format(3L << 29));
        assertEquals("512 B", Sizes.format(512));
    }
}
