package io.memrun.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.memrun.runtime.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --compare}: a figure is marked only when it moved beyond its noise band, in the right direction. */
class BenchComparisonTest {
    @TempDir
    Path dir;

    private static JsonNode run(double coldMs, double invokeP50, double rps, double floorP50) throws Exception {
        String floor = Double.isNaN(floorP50) ? "" : """
                {"path":"raw Kafka (two hops)","clients":1,"p50":%s,"p99":2.0,"rps":900},
                """.formatted(floorP50);
        return Json.mapper().readTree("""
                {"machine":{},"targets":[],
                 "stateTax":{"requests":{"coldMs":%s,"coldFetch":[100,120,110],"warmMemoryMs":50}},
                 "requestPath":[%s
                   {"path":"memrun invoke","clients":1,"p50":%s,"p99":9.0},
                   {"path":"memrun invoke","clients":64,"p50":20,"p99":40,"rps":%s}]}
                """.formatted(coldMs, floor, invokeP50, rps));
    }

    private static BenchComparison.Line line(List<BenchComparison.Line> lines, String name) {
        return lines.stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name + " in " + lines));
    }

    @Test
    void movesBeyondTheBand_areMarkedByDirection_smallOnesAreNoise() throws Exception {
        List<BenchComparison.Line> lines = BenchComparison.compare(run(4000, 3.0, 3000, Double.NaN), run(1000, 3.2, 2000, 1.5));

        BenchComparison.Line cold = line(lines, "state tax: cold request, ms");
        assertEquals(-0.75, cold.change(), 1e-9);
        assertEquals(BenchComparison.Move.BETTER, cold.move(), "lower is better for a time");
        assertEquals(BenchComparison.Move.NOISE, line(lines, "request path: memrun invoke, 1 client, p50 ms").move(),
                "+7% is inside the 30% band of a median");
        assertEquals(BenchComparison.Move.WORSE, line(lines, "request path: memrun invoke, 64 clients, req/s").move(),
                "higher is better for throughput");
        assertEquals(BenchComparison.Move.ONE_SIDED, line(lines, "request path: raw Kafka (two hops), 1 client, p50 ms").move());
        assertTrue(lines.stream().noneMatch(l -> l.name().startsWith("peer")), "figures neither run has are left out");
    }

    @Test
    void compareFiles_printsEveryLine_andRefusesAFileThatIsNoResult() throws Exception {
        Path a = Files.writeString(dir.resolve("a.json"), run(4000, 3.0, 3000, 1.4).toString());
        Path b = Files.writeString(dir.resolve("b.json"), run(3900, 3.0, 3000, 1.4).toString());
        StringWriter text = new StringWriter();
        Bench.compare(a, b, new PrintWriter(text, true));
        assertTrue(text.toString().contains("state tax: cold request, ms"), text.toString());
        assertTrue(text.toString().contains("0 better, 0 worse"), text.toString());

        Path junk = Files.writeString(dir.resolve("junk.json"), "{\"hello\":1}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Bench.compare(junk, b, new PrintWriter(new StringWriter())));
        assertTrue(e.getMessage().contains("junk.json is not the results.json"), e.getMessage());
    }
}
