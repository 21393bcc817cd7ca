package io.memrun.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small pieces the report is built from: medians, number formats, header parsing, experiment names. */
class FormattingTest {
    @Test
    void medianOfOddEvenAndEmpty() {
        assertEquals(2.0, Samples.median(List.of(3.0, 1.0, 2.0)));
        assertEquals(2.5, Samples.median(List.of(4.0, 1.0, 2.0, 3.0)));
        assertTrue(Double.isNaN(Samples.median(List.of())));
    }

    @Test
    void timesAndRatiosReadWell() {
        assertEquals("2,912 ms", TargetCheck.ms(2912.4));
        assertEquals("33.4 ms", TargetCheck.ms(33.41));
        assertEquals("7.90 ms", TargetCheck.ms(7.903));
        assertEquals("0.707 ms", TargetCheck.ms(0.7071));
        assertEquals("8.4 us", TargetCheck.ms(0.0084));
        assertEquals("61 ns", TargetCheck.ms(61e-6));
        assertEquals("38.2x", TargetCheck.ratio(38.2076));
        assertEquals("1,454,288x", TargetCheck.ratio(1_454_288.2));
        assertEquals("n/a", TargetCheck.ratio(Double.NaN));
    }

    @Test
    void chartAxisDecades() {
        assertEquals("10 ns", BenchChart.decade(-5));
        assertEquals("1 us", BenchChart.decade(-3));
        assertEquals("100 ms", BenchChart.decade(2));
        assertEquals("10 s", BenchChart.decade(4));
    }

    @Test
    void serverTimingIsParsed() {
        Map<String, Double> t = Invocation.parseServerTiming("queue;dur=139.270, fetch;dur=276.420, decode;dur=26.552,"
                + " handler;dur=342.922, total;dur=531.617");
        assertEquals(5, t.size());
        assertEquals(276.42, t.get("fetch"));
        assertEquals(531.617, t.get("total"));
        assertTrue(Invocation.parseServerTiming(null).isEmpty());
        assertEquals(Map.of("total", 1.0), Invocation.parseServerTiming("junk, queue;dur=x, total;dur=1"));
    }

    @Test
    void experimentListsParse() {
        assertEquals(EnumSet.of(Experiment.STATE_TAX, Experiment.PEER), Experiment.parseList("state-tax, peer"));
        assertEquals(Experiment.defaults(), Experiment.parseList("all"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Experiment.parseList("state-tax,nope"));
        assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains("request-path"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Experiment.parseList(" , "));
    }

    @Test
    void cpuGroupsTellBrokerClientAndMemrunApart() {
        assertEquals("broker", CpuMeter.groupOf("data-plane-kafka-request-handler-3"));
        assertEquals("broker", CpuMeter.groupOf("kafka-1-raft-io-thread"));
        assertEquals("client", CpuMeter.groupOf("HttpClient-2-Worker-0"));
        assertEquals("client", CpuMeter.groupOf("bench-client-12"));
        assertEquals("memrun", CpuMeter.groupOf("kafka-producer-network-thread | memrun-gateway-a1"));
        assertEquals("memrun", CpuMeter.groupOf("memrun-worker-bench-empty-w0"));
        assertEquals("memrun", CpuMeter.groupOf("ForkJoinPool-1-worker-2"));
    }
}
