package io.memrun.examples.analytics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.sdk.HandlerException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {
    @TempDir
    Path dir;

    @Test
    void decode_quotedFields_keepsCommasQuotesAndNewlines() throws Exception {
        CsvTable table = decode("id,text,n\n1,\"a, b\",1\n2,\"say \"\"hi\"\"\",2\n3,\"two\nlines\",3\n4,\"\",4\n");
        assertEquals(4, table.rows());
        assertArrayEquals(new String[] {"a, b", "say \"hi\"", "two\nlines", ""}, texts(table, 1));
        assertArrayEquals(new double[] {1, 2, 3, 4}, numbers(table, 2));
    }

    @Test
    void decode_quotedNumbers_parseAsNumbers() throws Exception {
        CsvTable table = decode("a\n\"1.5\"\n\"2\"\n");
        assertTrue(table.isNumeric("a"));
        assertArrayEquals(new double[] {1.5, 2}, numbers(table, 0));
    }

    @Test
    void decode_crlfLineEndings_sameAsLf() throws Exception {
        CsvTable table = decode("a,b\r\n1,x\r\n2,\"y\r\nz\"\r\n");
        assertEquals(List.of("a", "b"), table.header());
        assertArrayEquals(new double[] {1, 2}, numbers(table, 0));
        assertArrayEquals(new String[] {"x", "y\r\nz"}, texts(table, 1));
    }

    @Test
    void decode_utf8Bom_isNotPartOfFirstColumnName() throws Exception {
        Path file = dir.resolve("bom.csv");
        byte[] body = "région,n\nÎle,1\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[body.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(body, 0, bytes, 3, body.length);
        Files.write(file, bytes);
        CsvTable table = CsvTable.decode(file);
        assertEquals(List.of("région", "n"), table.header());
        assertArrayEquals(new String[] {"Île"}, texts(table, 0));
    }

    @Test
    void decode_noTrailingNewlineOrBlankLines_sameRows() throws Exception {
        assertEquals(2, decode("a,b\n1,2\n3,4").rows());
        assertEquals(2, decode("a,b\n1,2\n\n3,4\n\n").rows());
        assertArrayEquals(new String[] {"x", ""}, texts(decode("a,b\n1,x\n3,"), 1));
        assertArrayEquals(new String[] {"x", "y"}, texts(decode("a,b\n1,x\n3,\"y\""), 1));
    }

    @Test
    void decode_valueTurnsNonNumericLate_keepsOriginalTextOfEarlierRows() throws Exception {
        CsvTable table = decode("zip,n\n007,1\n,2\n1.50,3\nAB-1,4\n");
        assertFalse(table.isNumeric("zip"));
        assertArrayEquals(new String[] {"007", "", "1.50", "AB-1"}, texts(table, 0));
        Column zip = table.column(0);
        assertEquals(4, zip.firstTextRow());
        assertEquals(5, zip.firstTextLine());
    }

    @Test
    void decode_textAfterOnlyEmptyCells_needsNoRereading() throws Exception {
        assertArrayEquals(new String[] {"", "", "x"}, texts(decode("a,b\n,1\n,2\nx,3\n"), 0));
    }

    @Test
    void decode_columnTypes_trackIntegralness() throws Exception {
        CsvTable table = decode("i,d\n1,1.5\n-2,2\n");
        assertTrue(table.column(0).integral());
        assertFalse(table.column(1).integral());
        assertTrue(table.weightBytes() > 2 * 8);
    }

    @Test
    void decode_headerOnly_hasNoRows() throws Exception {
        CsvTable table = decode(" a , b \n");
        assertEquals(List.of("a", "b"), table.header());
        assertEquals(0, table.rows());
    }

    @Test
    void decode_unterminatedQuote_badRequestNamingLine() {
        HandlerException e = assertThrows(HandlerException.class, () -> decode("a,b\n1,2\n3,\"open\n4,5\n"));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("line 3: a quoted field is never closed"), e.getMessage());
    }

    @Test
    void decode_textAfterClosingQuote_badRequestNamingLine() {
        HandlerException e = assertThrows(HandlerException.class, () -> decode("a\n\"x\"y\n"));
        assertTrue(e.getMessage().contains("line 2: unexpected text after a closing quote"), e.getMessage());
    }

    @Test
    void decode_tooFewFields_badRequestNamingLine() {
        HandlerException e = assertThrows(HandlerException.class, () -> decode("a,b,c\n1,2,3\n\"x\ny\",2\n"));
        assertTrue(e.getMessage().contains("line 3 has 2 fields but the header has 3"), e.getMessage());
    }

    @Test
    void decode_fieldsLargerThanBuffer_spanRefills() throws Exception {
        String big = "x".repeat(3 << 20);
        CsvTable table = decode("a,b\n\"" + big + "\"\"\",1\n" + big + ",2\n");
        assertEquals(big + "\"", texts(table, 0)[0]);
        assertEquals(big, texts(table, 0)[1]);
        assertArrayEquals(new double[] {1, 2}, numbers(table, 1));
    }

    @Test
    void decode_repeatedText_storedOnceInDictionary() throws Exception {
        Column regions = decode("r\neu\nus\n\"eu\"\n\"\"\n").column(0);
        assertArrayEquals(new String[] {"", "eu", "us"}, regions.dictionary());
        assertArrayEquals(new int[] {1, 2, 1, 0}, regions.codes());
    }

    @Test
    void decode_manyDistinctValues_keepsEveryValue() throws Exception {
        StringBuilder csv = new StringBuilder("id\n");
        for (int i = 0; i < 100_000; i++) {
            csv.append("id-").append(i).append('\n');
        }
        CsvTable table = decode(csv.toString());
        assertEquals(100_001, table.column(0).dictionary().length);
        assertEquals("id-99999", table.column(0).text(99_999));
    }

    private CsvTable decode(String csv) throws IOException {
        Path file = dir.resolve("t.csv");
        Files.writeString(file, csv);
        return CsvTable.decode(file);
    }

    private static String[] texts(CsvTable table, int column) {
        String[] texts = new String[table.rows()];
        for (int row = 0; row < texts.length; row++) {
            texts[row] = table.column(column).text(row);
        }
        return texts;
    }

    private static double[] numbers(CsvTable table, int column) {
        return table.column(column).numbers();
    }
}
