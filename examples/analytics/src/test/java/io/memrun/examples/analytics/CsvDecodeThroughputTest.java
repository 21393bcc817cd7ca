package io.memrun.examples.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Measures decode speed on a ~50 MB file; prints it rather than asserting it, since CI machines vary. */
class CsvDecodeThroughputTest {
    private static final String[] REGIONS = {"eu", "us", "apac", "latam"};

    @TempDir
    Path dir;

    @Test
    void decode_fiftyMegabyteFile_reportsThroughput() throws Exception {
        Path file = dir.resolve("big.csv");
        int rows = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("order_id,region,product,amount,quantity,comment\n");
            long size = 0;
            while (size < 50L << 20) {
                rows++;
                String line = rows + "," + REGIONS[rows % 4] + ",product-" + (rows % 97) + "," + (rows % 100_000) / 100
                        + "." + (10 + rows % 90) + "," + (1 + rows % 9) + (rows % 10 == 0 ? ",\"late, but ok\"\n" : ",ok\n");
                out.write(line);
                size += line.length();
            }
        }
        double megabytes = Files.size(file) / 1e6;
        CsvTable.decode(file); // warm-up: JIT the tokenizer and parser
        long start = System.nanoTime();
        CsvTable table = CsvTable.decode(file);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("decode throughput: %.1f MB in %.3f s = %.0f MB/s (%d rows, ~%d MiB decoded)%n",
                megabytes, seconds, megabytes / seconds, table.rows(), table.weightBytes() >> 20);
        assertEquals(rows, table.rows());
        assertTrue(table.isNumeric("amount"));
    }
}
