package io.memrun.examples.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A table big enough to be scanned on every core answers exactly what a row-by-row count says. */
class QueryEngineParallelTest {
    private static final int ROWS = QueryEngine.PARALLEL_ROWS + 12_345;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static CsvTable table;

    @BeforeAll
    static void bigTable() throws Exception {
        Path file = dir.resolve("big.csv");
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("region,amount,bucket\n");
            for (int i = 0; i < ROWS; i++) {
                // every 7th amount empty; buckets are numbers, one of them -0
                w.write("r" + (i % 3) + "," + (i % 7 == 0 ? "" : Integer.toString(i % 100 - 50)) + ","
                        + (i % 4 == 0 ? "-0" : Integer.toString(i % 4)) + "\n");
            }
        }
        table = CsvTable.decode(file);
    }

    private static JsonNode run(String query) throws Exception {
        return QueryEngine.run(Query.parse(JSON.readTree(query)), table);
    }

    @Test
    void groupedSumsCountsMinMax_matchARowByRowCount() throws Exception {
        long[] sum = new long[3];
        long[] count = new long[3];
        for (int i = 0; i < ROWS; i++) {
            if (i % 7 != 0) {
                sum[i % 3] += i % 100 - 50;
                count[i % 3]++;
            }
        }
        JsonNode sums = run("{\"op\":\"sum\",\"column\":\"amount\",\"group_by\":\"region\"}");
        JsonNode counts = run("{\"op\":\"count\",\"column\":\"amount\",\"group_by\":\"region\"}");
        for (int r = 0; r < 3; r++) {
            assertEquals(sum[r], sums.get("groups").get("r" + r).asLong());
            assertEquals(count[r], counts.get("groups").get("r" + r).asLong());
        }
        assertEquals(-50, run("{\"op\":\"min\",\"column\":\"amount\"}").get("value").asLong());
        assertEquals(49, run("{\"op\":\"max\",\"column\":\"amount\"}").get("value").asLong());
        assertEquals(ROWS, run("{\"op\":\"count\"}").get("value").asLong());
    }

    @Test
    void numericGroups_mergeAcrossRanges_withMinusZeroAsZero() throws Exception {
        JsonNode groups = run("{\"op\":\"count\",\"group_by\":\"bucket\"}").get("groups");
        java.util.List<String> keys = new java.util.ArrayList<>();
        groups.fieldNames().forEachRemaining(keys::add);
        assertEquals(java.util.List.of("0", "1", "2", "3"), keys);
        long zeros = (ROWS + 3) / 4;
        assertEquals(zeros, groups.get("0").asLong());
        assertEquals(ROWS, groups.get("0").asLong() + groups.get("1").asLong() + groups.get("2").asLong()
                + groups.get("3").asLong());
    }
}
