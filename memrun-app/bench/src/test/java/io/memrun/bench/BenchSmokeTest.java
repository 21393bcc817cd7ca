package io.memrun.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.memrun.runtime.json.Json;
import io.memrun.runtime.testing.SharedInfra;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness end to end at a tiny size on the shared broker and store: every experiment but the
 * request path (whose three client counts take longer than a smoke test should) runs, and the
 * table, JSON and chart come out whole. Asserts structure and counts only, never timings.
 */
class BenchSmokeTest {
    @TempDir
    Path out;

    @Test
    @Timeout(120)
    void tinyRunProducesTableJsonAndChart() throws Exception {
        SharedInfra shared = SharedInfra.get();
        BenchSize tiny = new BenchSize("tiny", 2 << 20, 1, 2, 50, 200, 2048, 1_000, 1 << 20, 2, 4, 1, 20);
        BenchOptions options = new BenchOptions(tiny, out, EnumSet.of(Experiment.STATE_TAX, Experiment.STATELESS,
                Experiment.LOCALITY, Experiment.PEER), Optional.empty(), Optional.empty());
        StringWriter text = new StringWriter();
        int code;
        try (BenchInfra infra = BenchInfra.attach(shared.kafka(), shared.storeSettings(), shared.newDir("bench-"))) {
            code = Bench.run(options, new PrintWriter(text, true), infra, System.nanoTime());
        }
        String printed = text.toString();
        assertEquals(0, code, printed);
        assertTrue(printed.contains("SPEC targets") && printed.contains("cold / warm-memory"), printed);

        JsonNode json = Json.mapper().readTree(out.resolve("results.json").toFile());
        JsonNode stateTax = json.get("stateTax");
        assertEquals(1, stateTax.get("requests").get("cold").size());
        assertEquals(2, stateTax.get("requests").get("warmMemory").size());
        assertEquals(1, stateTax.get("coldPath").get("downloads").asInt(), "concurrent cold requests download once");
        assertEquals(1, stateTax.get("coldPath").get("decodes").asInt(), "and decode once");
        assertFalse(stateTax.get("cacheLayer").get("key").asText().isEmpty());
        assertEquals(1, json.get("stateless").get("requests").size());
        JsonNode sticky = json.get("locality").get("sticky");
        assertEquals(1_000, sticky.get("requests").asInt());
        assertEquals(4, sticky.get("perWorker").size());
        assertTrue(json.get("locality").get("random").get("misses").asLong() >= sticky.get("misses").asLong());
        assertEquals(2, json.get("peer").get("diskTier").size());
        assertEquals(19, json.get("targets").size());

        BufferedImage png = ImageIO.read(out.resolve("results.png").toFile());
        assertNotNull(png);
        assertEquals(1400, png.getWidth());
    }
}
