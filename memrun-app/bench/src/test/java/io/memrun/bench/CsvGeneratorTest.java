package io.memrun.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.examples.analytics.CsvTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated dataset is what the analytics example can decode, at about the size asked for. */
class CsvGeneratorTest {
    @TempDir
    Path dir;

    @Test
    void writesADecodableTableOfTheRequestedSize() throws Exception {
        Path file = dir.resolve("sales.csv");
        long rows = CsvGenerator.write(file, 1 << 20);
        long size = Files.size(file);
        assertTrue(size >= 1 << 20 && size < (1 << 20) + 128, "size " + size);
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        assertEquals(CsvGenerator.HEADER.strip(), lines.get(0));
        assertEquals(rows + 1, lines.size());
        CsvTable table = CsvTable.decode(file);
        assertEquals(rows, table.rows());
        assertEquals(List.of("order_id", "customer", "region", "product", "amount", "quantity"), table.header());
        assertTrue(table.isNumeric("amount") && table.isNumeric("quantity") && !table.isNumeric("region"));
    }

    @Test
    void isDeterministic() throws Exception {
        CsvGenerator.write(dir.resolve("a.csv"), 100_000);
        CsvGenerator.write(dir.resolve("b.csv"), 100_000);
        assertEquals(-1, Files.mismatch(dir.resolve("a.csv"), dir.resolve("b.csv")));
    }
}
