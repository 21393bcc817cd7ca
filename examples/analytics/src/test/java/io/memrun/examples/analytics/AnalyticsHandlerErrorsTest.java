package io.memrun.examples.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.sdk.HandlerException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class AnalyticsHandlerErrorsTest {
    @TempDir
    Path dir;
    private FakeWorker worker;
    private String sales;

    @BeforeEach
    void setUp() throws Exception {
        worker = new FakeWorker(dir);
        sales = worker.put("sales.csv", "order_id,region,amount\n1,eu,10\n2,us,n/a\n");
    }

    @Test
    void handle_missingS3Path_badRequestNamingField() {
        assertBadRequest("s3_path", () -> worker.handle("{\"user_id\":\"u1\",\"dataset_id\":\"d\",\"query\":{\"op\":\"count\"}}"));
    }

    @Test
    void handle_s3PathWithoutScheme_badRequestShowingExpectedForm() {
        assertBadRequest("s3://bucket/key.csv", () -> worker.query("/tmp/sales.csv", "{\"op\":\"count\"}"));
        assertBadRequest("s3_path", () -> worker.query("s3://", "{\"op\":\"count\"}"));
    }

    @Test
    void handle_queryMissing_badRequest() {
        assertBadRequest("'query' is required",
                () -> worker.handle("{\"user_id\":\"u1\",\"dataset_id\":\"d\",\"s3_path\":\"" + sales + "\"}"));
    }

    @Test
    void handle_queryNotObject_badRequest() {
        assertBadRequest("must be an object", () -> worker.query(sales, "\"count\""));
        assertBadRequest("must be an object", () -> worker.query(sales, "[1]"));
    }

    @Test
    void handle_opMissingOrUnknown_badRequestListingOps() {
        assertBadRequest("count, sum, avg, min, max", () -> worker.query(sales, "{}"));
        assertBadRequest("unknown query.op 'median': use one of count, sum, avg, min, max",
                () -> worker.query(sales, "{\"op\":\"median\",\"column\":\"amount\"}"));
        assertBadRequest("query.op must be a string", () -> worker.query(sales, "{\"op\":3}"));
    }

    @Test
    void handle_numericOpWithoutColumn_badRequestAskingForColumn() {
        for (String op : new String[] {"sum", "avg", "min", "max"}) {
            assertBadRequest("query.column is required for op '" + op + "'",
                    () -> worker.query(sales, "{\"op\":\"" + op + "\"}"));
        }
    }

    @Test
    void handle_unknownColumn_badRequestListingColumns() {
        assertBadRequest("query.column names unknown column 'amt': available columns are order_id, region, amount",
                () -> worker.query(sales, "{\"op\":\"count\",\"column\":\"amt\"}"));
    }

    @Test
    void handle_unknownColumnInWideFile_listsFirstTwentyColumns() throws Exception {
        StringBuilder header = new StringBuilder("c0");
        for (int i = 1; i < 30; i++) {
            header.append(",c").append(i);
        }
        String wide = worker.put("wide.csv", header + "\n");
        String message = assertBadRequest("c19 (and 10 more)", () -> worker.query(wide, "{\"op\":\"count\",\"column\":\"x\"}"));
        assertTrue(!message.contains("c20"), message);
    }

    @Test
    void handle_unknownGroupBy_badRequestNamingField() {
        assertBadRequest("query.group_by names unknown column 'country'",
                () -> worker.query(sales, "{\"op\":\"count\",\"group_by\":\"country\"}"));
    }

    @Test
    void handle_nonNumericValue_badRequestNamingRowAndColumn() {
        assertBadRequest("column 'amount' has the non-numeric value 'n/a' in row 2 (line 3 of the file)",
                () -> worker.query(sales, "{\"op\":\"sum\",\"column\":\"amount\"}"));
    }

    @Test
    void handle_raggedFile_badRequestNamingLine() throws Exception {
        String ragged = worker.put("ragged.csv", "a,b\n1,2\n3,4,5\n");
        assertBadRequest("s3://test/ragged.csv is not a rectangular CSV table: line 3 has 3 fields but the header has 2",
                () -> worker.query(ragged, "{\"op\":\"count\"}"));
    }

    @Test
    void handle_emptyFile_badRequestAskingForHeader() throws Exception {
        String empty = worker.put("empty.csv", "");
        assertBadRequest("has no header row", () -> worker.query(empty, "{\"op\":\"count\"}"));
    }

    private static String assertBadRequest(String expected, Executable call) {
        HandlerException e = assertThrows(HandlerException.class, call);
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
        return e.getMessage();
    }
}
