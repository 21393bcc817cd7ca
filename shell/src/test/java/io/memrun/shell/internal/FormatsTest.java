package io.memrun.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormatsTest {
    @Test
    void bytes_picksUnit() {
        assertEquals("512 B", Formats.bytes(512));
        assertEquals("1.5 KiB", Formats.bytes(1536));
        assertEquals("20.0 GiB", Formats.bytes(20L << 30));
    }

    @Test
    void ranges_compressesRuns() {
        assertEquals("0-3,7,9-10", Formats.ranges(List.of(10, 0, 1, 2, 3, 7, 9)));
        assertEquals("-", Formats.ranges(List.of()));
        assertEquals("5", Formats.ranges(List.of(5)));
    }

    @Test
    void abbreviate_longList_cutsAtAComma() {
        assertEquals("0,2,4,6,8,10,12,14,...", Formats.abbreviate("0,2,4,6,8,10,12,14,16,18,20,22", 24));
        assertEquals("0-39", Formats.abbreviate("0-39", 24));
    }

    @Test
    void percent_noDenominator_isNa() {
        assertEquals("n/a", Formats.percent(0, 0));
        assertEquals("90.0%", Formats.percent(9, 10));
    }

    @Test
    void duration_unitsAndBareSeconds() {
        assertEquals(Duration.ofMillis(500), Formats.duration("500ms"));
        assertEquals(Duration.ofSeconds(30), Formats.duration("30"));
        assertEquals(Duration.ofMinutes(2), Formats.duration("2m"));
        assertThrows(IllegalArgumentException.class, () -> Formats.duration("soon"));
        assertThrows(IllegalArgumentException.class, () -> Formats.duration("0s"));
    }
}
