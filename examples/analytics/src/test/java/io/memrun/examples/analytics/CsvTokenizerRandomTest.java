package io.memrun.examples.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round-trips random fields full of delimiters through a file several read buffers long, so that
 * quotes, doubled quotes, CRLF pairs and multi-byte characters land on buffer boundaries.
 */
class CsvTokenizerRandomTest {
    private static final String[] PIECES = {"a", "bc", ",", "\"", "\n", "\r\n", "é", "€", " "};

    @TempDir
    Path dir;

    @Test
    void decode_randomQuotedFieldsAcrossBuffers_roundTrips() throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        List<String> expected = new ArrayList<>();
        StringBuilder csv = new StringBuilder("id,text,n\r\n");
        while (csv.length() < 4 << 20) {
            StringBuilder value = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                value.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String text = value.toString();
            expected.add(text);
            boolean quote = text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")
                    || random.nextBoolean();
            csv.append(expected.size()).append(',')
                    .append(quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text).append(',')
                    .append(random.nextInt(1000)).append(random.nextBoolean() ? "\n" : "\r\n");
        }
        Path file = dir.resolve("random.csv");
        Files.write(file, csv.toString().getBytes(StandardCharsets.UTF_8));

        CsvTable table = CsvTable.decode(file);

        assertEquals(expected.size(), table.rows());
        Column text = table.column(1);
        for (int row = 0; row < expected.size(); row++) {
            assertEquals(expected.get(row), text.text(row), "row " + (row + 1));
            assertEquals(row + 1, table.column(0).numbers()[row]);
        }
    }
}
