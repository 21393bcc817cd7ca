package io.memrun.examples.analytics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.sdk.HandlerException;
import io.memrun.sdk.testing.LocalObjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decodes generated CSV files on one thread and in parallel with forced small chunks, so that quoted
 * fields with newlines, commas and quotes, CRLF pairs, blank lines and columns that turn textual
 * late all land on chunk boundaries, and asserts the same table (or the same error) both ways.
 */
class CsvParallelDecodeTest {
    private static final String[] PIECES = {"a", "bc", ",", "\"", "\n", "\r\n", "é", "€", " ", "7"};
    private static final long[] CHUNK_BYTES = {97, 1_000, 5_000};

    @TempDir
    Path dir;

    @Test
    void decodeParallel_randomFiles_sameTableAsOneThread() throws Exception {
        for (int seed = 1; seed <= 4; seed++) {
            Path file = write(generate(new SplittableRandom(seed), 2_000, seed % 2 == 0, true));
            CsvTable expected = CsvDecoder.decodeSequential(file, "t.csv");
            assertTrue(expected.column(2).firstTextRow() > 1_000, "the column turns textual late");
            for (long chunkBytes : CHUNK_BYTES) {
                for (int parallelism = 1; parallelism <= 3; parallelism++) {
                    assertSameTable(expected, CsvDecoder.decodeParallel(file, "t.csv", parallelism, chunkBytes),
                            "seed " + seed + ", chunks of " + chunkBytes + " bytes on " + parallelism + " threads");
                }
            }
        }
    }

    @Test
    void decodeParallel_columnTextualOnlyInAMiddleChunk_sameDictionaryOrderAsOneThread() throws Exception {
        StringBuilder csv = new StringBuilder("n,m\n");
        for (int row = 0; row < 3_000; row++) {
            String value = row == 1_500 ? "x" : row == 1_501 ? "" : row % 7 == 0 ? "1.0" : Integer.toString(row % 5);
            csv.append(value).append(',').append(row % 3 == 0 ? "" : row % 2).append(row % 2 == 0 ? "\n" : "\r\n");
        }
        Path file = write(csv.toString());
        CsvTable expected = CsvDecoder.decodeSequential(file, "t.csv");

        CsvTable parallel = CsvDecoder.decodeParallel(file, "t.csv", 3, 500);

        assertSameTable(expected, parallel, "chunks of 500 bytes");
        assertArrayEquals(new String[] {"", "x", "2", "3", "4", "1.0", "1", "0"}, parallel.column(0).dictionary());
        assertEquals(1_501, parallel.column(0).firstTextRow());
        assertTrue(parallel.column(1).numeric());
    }

    @Test
    void decodeParallel_malformedRecordInALaterChunk_sameErrorAsOneThread() throws Exception {
        String good = generate(new SplittableRandom(9), 1_500, false, true);
        String[] broken = {
            good + "1,\"x\"y,3,4,5,6\n" + "7,a,1,2,3,4\n", // text after a closing quote
            good + "1,2\n" + "7,a,1,2,3,4\n", // too few fields
            good + "1,\"never closed,3,4,5,6\n7,a,1,2,3,4\n", // the quote runs to the end of the file
        };
        for (String csv : broken) {
            Path file = write(csv);
            HandlerException expected = assertThrows(HandlerException.class,
                    () -> CsvDecoder.decodeSequential(file, "t.csv"));
            for (long chunkBytes : CHUNK_BYTES) {
                HandlerException actual = assertThrows(HandlerException.class,
                        () -> CsvDecoder.decodeParallel(file, "t.csv", 3, chunkBytes));
                assertEquals(expected.getMessage(), actual.getMessage());
                assertEquals(expected.status(), actual.status());
            }
        }
    }

    @Test
    void decodeParallel_strayQuotesAndLoneCarriageReturns_sameTableAsOneThread() throws Exception {
        // Quotes inside unquoted fields are text to the tokenizer but flip the splitter's parity, and
        // a lone CR ends a line the splitter does not count: the decoder must notice either.
        StringBuilder csv = new StringBuilder("size,label\n");
        for (int row = 0; row < 2_000; row++) {
            csv.append(row).append(',').append(row % 101 == 0 ? "12\" pipe" : "\"q" + row + "\n\"")
                    .append(row % 89 == 0 ? "\r" : "\n");
        }
        Path file = write(csv.toString());
        CsvTable expected = CsvDecoder.decodeSequential(file, "t.csv");
        for (long chunkBytes : CHUNK_BYTES) {
            assertSameTable(expected, CsvDecoder.decodeParallel(file, "t.csv", 2, chunkBytes), chunkBytes + " bytes");
        }
    }

    @Test
    void decodeParallel_bomHeaderOnlyAndNoFinalNewline_sameTableAsOneThread() throws Exception {
        for (String csv : new String[] {"\uFEFFa,b\n", "\uFEFFa,b", "a,b\n\n\n1,2", "a\n1\n\n2\r\n3"}) {
            Path file = write(csv);
            assertSameTable(CsvDecoder.decodeSequential(file, "t.csv"), CsvDecoder.decodeParallel(file, "t.csv", 2, 1),
                    csv);
        }
    }

    @Test
    void decodeAtNewlines_randomFiles_sameTableAsOneThreadOrDeclines() throws Exception {
        int decoded = 0;
        int declined = 0;
        for (int seed = 1; seed <= 4; seed++) {
            Path file = write(generate(new SplittableRandom(seed), 2_000, seed % 2 == 0, true));
            CsvTable expected = CsvDecoder.decodeSequential(file, "t.csv");
            for (long chunkBytes : CHUNK_BYTES) {
                for (int parallelism = 1; parallelism <= 3; parallelism++) {
                    CsvTable table = CsvDecoder.decodeAtNewlines(LocalObjects.of(file), parallelism, chunkBytes);
                    if (table == null) {
                        declined++; // a cut fell inside a quoted newline: the careful path takes over
                    } else {
                        decoded++;
                        assertSameTable(expected, table, "seed " + seed + ", chunks of " + chunkBytes + " bytes on "
                                + parallelism + " threads");
                    }
                }
            }
        }
        assertTrue(decoded > 0 && declined > 0, decoded + " decoded, " + declined + " declined: both paths ran");
    }

    @Test
    void decodeAtNewlines_noNewlinesInQuotes_decodesItselfWithLinesCountedFromTheStart() throws Exception {
        // Quoted commas and quotes, a BOM, CRLF, blank lines, a column that turns textual late: every
        // newline ends a record, so no cut can be wrong and the chunks must not decline.
        StringBuilder csv = new StringBuilder("\uFEFFid,note,late\n");
        for (int row = 0; row < 5_000; row++) {
            csv.append(row).append(',').append(row % 4 == 0 ? "\"a, \"\"b\"\"\"" : "plain").append(',')
                    .append(row == 4_000 ? "text" : Integer.toString(row % 9))
                    .append(row % 3 == 0 ? "\r\n" : "\n").append(row % 100 == 0 ? "\n" : "");
        }
        Path file = write(csv.toString());
        CsvTable expected = CsvDecoder.decodeSequential(file, "t.csv");
        for (long chunkBytes : CHUNK_BYTES) {
            CsvTable table = CsvDecoder.decodeAtNewlines(LocalObjects.of(file), 2, chunkBytes);
            assertTrue(table != null, "chunks of " + chunkBytes + ": no cut can be wrong");
            assertSameTable(expected, table, "chunks of " + chunkBytes);
            assertTrue(table.column(2).firstTextLine() > 4_000, "the late text's line counts every chunk before it");
        }
    }

    @Test
    void decodeAtNewlines_malformedRecord_declinesSoTheCarefulPathReportsIt() throws Exception {
        String good = generate(new SplittableRandom(9), 1_500, false, true);
        for (String csv : new String[] {good + "1,2\n7,a,1,2,3,4\n", good + "1,\"x\"y,3,4,5,6\n"}) {
            Path file = write(csv);
            assertEquals(null, CsvDecoder.decodeAtNewlines(LocalObjects.of(file), 2, 1_000));
        }
    }

    @Test
    void split_cutsWhereRecordsEndOnTheirLines() throws Exception {
        Path file = write(generate(new SplittableRandom(3), 2_000, true, false));
        Map<Long, Long> recordEnds = new HashMap<>(); // where each record ends -> the next line
        try (CsvTokenizer csv = new CsvTokenizer(file, "t.csv")) {
            for (int kind; (kind = csv.next()) != CsvTokenizer.EOF;) {
                if (kind == CsvTokenizer.RECORD) {
                    recordEnds.put(csv.position(), csv.line());
                }
            }
        }
        long dataStart = recordEnds.keySet().stream().min(Long::compare).orElseThrow();
        long dataLine = recordEnds.get(dataStart);

        CsvSplitter.Split split = CsvSplitter.split(file, dataStart, dataLine, 1_000, 2);

        assertTrue(split.firstLines().length > 20, split.firstLines().length + " chunks");
        assertEquals(dataStart, split.bounds()[0]);
        assertEquals(Files.size(file), split.bounds()[split.bounds().length - 1]);
        for (int i = 1; i < split.firstLines().length; i++) {
            long bound = split.bounds()[i];
            assertEquals(recordEnds.get(bound), split.firstLines()[i], "the chunk at " + bound);
        }
    }

    /**
     * A CSV file of {@code rows} rows: an id; quoted text full of delimiters; a column that holds
     * numbers until its last few hundred rows; a sparse numeric one; one always empty; one whose
     * numbers are whole but in a late stretch. Lines end in LF or CRLF; some may be blank.
     */
    private static String generate(SplittableRandom random, int rows, boolean bom, boolean blankLines) {
        StringBuilder csv = new StringBuilder(bom ? "\uFEFF" : "").append("id,text,late,sparse,empty,amount\r\n");
        for (int row = 0; row < rows; row++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(8); i > 0; i--) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String value = text.toString();
            boolean quote = value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")
                    || random.nextInt(4) == 0;
            String late = row > rows - 300 && random.nextInt(10) == 0 ? "n/a" + random.nextInt(3)
                    : random.nextInt(5) == 0 ? "" : random.nextBoolean() ? "0" + random.nextInt(20) : "" + random.nextInt(20);
            String sparse = random.nextInt(6) == 0 ? "\"" + random.nextInt(100) + "\"" : "";
            String amount = row > rows / 2 && row < rows / 2 + 50 ? random.nextInt(100) + ".5" : "" + random.nextInt(100);
            csv.append(row).append(',')
                    .append(quote ? "\"" + value.replace("\"", "\"\"") + "\"" : value).append(',')
                    .append(late).append(',').append(sparse).append(",,").append(amount)
                    .append(random.nextBoolean() ? "\n" : "\r\n");
            if (blankLines && random.nextInt(50) == 0) {
                csv.append(random.nextBoolean() ? "\n" : "\r\n");
            }
        }
        return csv.toString();
    }

    private Path write(String csv) throws IOException {
        Path file = dir.resolve("t.csv");
        Files.write(file, csv.getBytes(StandardCharsets.UTF_8));
        return file;
    }

    private static void assertSameTable(CsvTable expected, CsvTable actual, String context) {
        assertEquals(expected.header(), actual.header(), context);
        assertEquals(expected.rows(), actual.rows(), context);
        assertEquals(expected.weightBytes(), actual.weightBytes(), context);
        for (int c = 0; c < expected.header().size(); c++) {
            Column a = expected.column(c);
            Column b = actual.column(c);
            String where = context + ", column " + a.name();
            assertEquals(a.name(), b.name(), where);
            assertEquals(a.numeric(), b.numeric(), where);
            assertEquals(a.integral(), b.integral(), where);
            assertEquals(a.firstTextRow(), b.firstTextRow(), where);
            assertEquals(a.firstTextLine(), b.firstTextLine(), where);
            assertEquals(a.weightBytes(), b.weightBytes(), where);
            assertArrayEquals(a.numbers(), b.numbers(), where);
            assertArrayEquals(a.codes(), b.codes(), where);
            assertArrayEquals(a.dictionary(), b.dictionary(), where);
        }
    }
}
