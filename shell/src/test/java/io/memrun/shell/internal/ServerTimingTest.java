package io.memrun.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ServerTimingTest {
    private static final String HEADER =
            "queue;dur=139.270, fetch;dur=276.420, decode;dur=26.552, handler;dur=342.922, total;dur=531.617";

    @Test
    void parse_gatewayHeader_readsEveryPhase() {
        ServerTiming t = ServerTiming.parse(HEADER);
        assertEquals(139.270, t.ms("queue"), 1e-9);
        assertEquals(531.617, t.ms("total"), 1e-9);
    }

    @Test
    void stateTaxAndCompute_splitHandlerTime() {
        ServerTiming t = ServerTiming.parse(HEADER);
        assertEquals(302.972, t.stateTaxMs(), 1e-9);
        assertEquals(39.950, t.computeMs(), 1e-9);
    }

    @Test
    void describe_showsTotalAsSumOfParts() {
        String d = ServerTiming.parse(HEADER).describe();
        assertTrue(d.startsWith("total 531.6 ms = queue 139.3 ms + state tax 303.0 ms (fetch 276.4 ms, decode 26.6 ms)"
                + " + compute "), d);
        assertTrue(d.endsWith(" + transport 49.4 ms"), d);
    }

    @Test
    void parse_garbage_skipsUnreadableParts() {
        ServerTiming t = ServerTiming.parse("queue;dur=abc, fetch;desc=x, handler;dur=2");
        assertEquals(2.0, t.ms("handler"), 1e-9);
        assertEquals(0.0, t.ms("queue"), 1e-9);
        assertTrue(ServerTiming.parse(null).isEmpty());
    }

    @Test
    void fmt_scalesPrecisionWithSize() {
        assertEquals("0.42 ms", ServerTiming.fmt(0.42));
        assertEquals("12.3 ms", ServerTiming.fmt(12.34));
        assertEquals("1530 ms", ServerTiming.fmt(1530.2));
    }
}
