package io.memrun.examples.analytics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The columns a worker keeps on disk read back as the table the CSV decoded to. */
class ColumnsFormTest {
    @TempDir
    Path dir;

    @Test
    void writeThenRead_givesTheSameTable() throws Exception {
        // Numeric, integral, empty cells, a column that turns textual late (backfilled), quoted text, UTF-8.
        String csv = "id,region,amount,code,note\n"
                + "1,eu,10.5,7,\"a, b\"\n"
                + "2,us,,8,\n"
                + "3,eu,5,x9,ünïcødé\n";
        Path file = dir.resolve("t.csv");
        Files.writeString(file, csv);
        CsvTable table = CsvTable.decode(file);

        CsvTable back = roundTrip(table);

        assertEquals(table.header(), back.header());
        assertEquals(table.rows(), back.rows());
        assertEquals(table.weightBytes(), back.weightBytes());
        for (int c = 0; c < table.header().size(); c++) {
            Column a = table.column(c);
            Column b = back.column(c);
            assertEquals(a.numeric(), b.numeric(), a.name());
            assertEquals(a.integral(), b.integral(), a.name());
            assertEquals(a.firstTextRow(), b.firstTextRow(), a.name());
            assertEquals(a.firstTextLine(), b.firstTextLine(), a.name());
            assertArrayEquals(a.numbers(), b.numbers(), a.name());
            assertArrayEquals(a.codes(), b.codes(), a.name());
            assertArrayEquals(a.dictionary(), b.dictionary(), a.name());
        }
        assertEquals("x9", back.column(3).text(2));
        assertEquals("a, b", back.column(4).text(0));
    }

    @Test
    void aLayoutThatIsCutShortOrHasACodeOutOfRange_isRefused() throws Exception {
        Path file = dir.resolve("t.csv");
        Files.writeString(file, "region\neu\nus\n");
        byte[] bytes = write(CsvTable.decode(file));

        IOException shortOne = assertThrows(IOException.class,
                () -> CsvTable.FORM.read(ByteBuffer.wrap(Arrays.copyOf(bytes, bytes.length - 3))));
        assertEquals(true, shortOne.getMessage().contains("csv-columns-v1"), shortOne.getMessage());

        byte[] bad = bytes.clone();
        bad[bad.length - 1] = 99; // the last row's code
        assertThrows(IOException.class, () -> CsvTable.FORM.read(ByteBuffer.wrap(bad)));
    }

    private static CsvTable roundTrip(CsvTable table) throws IOException {
        return CsvTable.FORM.read(ByteBuffer.wrap(write(table)).asReadOnlyBuffer());
    }

    private static byte[] write(CsvTable table) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvTable.FORM.write(table, out);
        return out.toByteArray();
    }
}
