package io.memrun.examples.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.sdk.testing.FakeReply;
import io.memrun.sdk.testing.FakeWorker;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnalyticsHandlerErrorsTest {
    private FakeWorker worker;
    private String sales;

    @BeforeEach
    void setUp() throws Exception {
        worker = FakeWorker.of(AnalyticsService.service());
        sales = put("sales.csv", "order_id,region,amount\n1,eu,10\n2,us,n/a\n");
    }

    @Test
    void handle_missingS3Path_badRequestNamingField() {
        assertBadRequest("s3_path", worker.invoke("{\"user_id\":\"u1\",\"dataset_id\":\"d\",\"query\":{\"op\":\"count\"}}"));
    }

    @Test
    void handle_s3PathWithoutScheme_badRequestShowingExpectedForm() {
        assertBadRequest("s3://bucket/key.csv", reply("/tmp/sales.csv", "{\"op\":\"count\"}"));
        assertBadRequest("s3_path", reply("s3://", "{\"op\":\"count\"}"));
    }

    @Test
    void handle_queryMissing_badRequest() {
        assertBadRequest("'query' is required",
                worker.invoke("{\"user_id\":\"u1\",\"dataset_id\":\"d\",\"s3_path\":\"" + sales + "\"}"));
    }

    @Test
    void handle_queryNotObject_badRequest() {
        assertBadRequest("must be an object", reply(sales, "\"count\""));
        assertBadRequest("must be an object", reply(sales, "[1]"));
    }

    @Test
    void handle_opMissingOrUnknown_badRequestListingOps() {
        assertBadRequest("count, sum, avg, min, max", reply(sales, "{}"));
        assertBadRequest("unknown query.op 'median': use one of count, sum, avg, min, max",
                reply(sales, "{\"op\":\"median\",\"column\":\"amount\"}"));
        assertBadRequest("query.op must be a string", reply(sales, "{\"op\":3}"));
    }

    @Test
    void handle_numericOpWithoutColumn_badRequestAskingForColumn() {
        for (String op : new String[] {"sum", "avg", "min", "max"}) {
            assertBadRequest("query.column is required for op '" + op + "'",
                    reply(sales, "{\"op\":\"" + op + "\"}"));
        }
    }

    @Test
    void handle_unknownColumn_badRequestListingColumns() {
        assertBadRequest("query.column names unknown column 'amt': available columns are order_id, region, amount",
                reply(sales, "{\"op\":\"count\",\"column\":\"amt\"}"));
    }

    @Test
    void handle_unknownColumnInWideFile_listsFirstTwentyColumns() throws Exception {
        StringBuilder header = new StringBuilder("c0");
        for (int i = 1; i < 30; i++) {
            header.append(",c").append(i);
        }
        String wide = put("wide.csv", header + "\n");
        String message = assertBadRequest("c19 (and 10 more)", reply(wide, "{\"op\":\"count\",\"column\":\"x\"}"));
        assertTrue(!message.contains("c20"), message);
    }

    @Test
    void handle_unknownGroupBy_badRequestNamingField() {
        assertBadRequest("query.group_by names unknown column 'country'",
                reply(sales, "{\"op\":\"count\",\"group_by\":\"country\"}"));
    }

    @Test
    void handle_nonNumericValue_badRequestNamingRowAndColumn() {
        assertBadRequest("column 'amount' has the non-numeric value 'n/a' in row 2 (line 3 of the file)",
                reply(sales, "{\"op\":\"sum\",\"column\":\"amount\"}"));
    }

    @Test
    void handle_raggedFile_badRequestNamingLine() throws Exception {
        String ragged = put("ragged.csv", "a,b\n1,2\n3,4,5\n");
        assertBadRequest("s3://datasets/ragged.csv is not a rectangular CSV table: line 3 has 3 fields but the header has 2",
                reply(ragged, "{\"op\":\"count\"}"));
    }

    @Test
    void handle_emptyFile_badRequestAskingForHeader() throws Exception {
        String empty = put("empty.csv", "");
        assertBadRequest("has no header row", reply(empty, "{\"op\":\"count\"}"));
    }

    @Test
    void handle_bucketNotConfigured_forbiddenBeforeAnyFetchNamingTheBucketsAndTheVariable() throws Exception {
        worker.putObject("s3://secrets/keys.csv", "k\n1\n".getBytes(StandardCharsets.UTF_8));

        FakeReply reply = reply("s3://secrets/keys.csv", "{\"op\":\"count\"}");

        assertEquals(403, reply.status(), reply.json().toString());
        assertEquals("forbidden", reply.json().get("error").asText());
        assertTrue(reply.message().contains("[datasets]") && reply.message().contains("'secrets'")
                && reply.message().contains(AnalyticsService.BUCKETS_ENV), reply.message());
        assertEquals("none", reply.cache(), "nothing is fetched for a forbidden bucket");
    }

    @Test
    void handle_configuredBucket_served() throws Exception {
        try (FakeWorker other = FakeWorker.of(AnalyticsService.service(java.util.Set.of("reports", "datasets")))) {
            other.putObject("s3://reports/r.csv", "k\n1\n".getBytes(StandardCharsets.UTF_8));
            FakeReply reply = other.invoke("{\"user_id\":\"u1\",\"dataset_id\":\"r\",\"s3_path\":\"s3://reports/r.csv\","
                    + "\"query\":{\"op\":\"count\"}}");
            assertEquals(200, reply.status(), reply.json().toString());
        }
    }

    @Test
    void handle_s3PathWithoutKey_badRequest() {
        assertBadRequest("s3://bucket/key.csv", reply("s3://datasets", "{\"op\":\"count\"}"));
        assertBadRequest("s3://bucket/key.csv", reply("s3://datasets/", "{\"op\":\"count\"}"));
        assertBadRequest("s3://bucket/key.csv", reply("s3:///key.csv", "{\"op\":\"count\"}"));
    }

    @AfterEach
    void tearDown() throws Exception {
        worker.close();
    }

    private String put(String name, String csv) throws Exception {
        String uri = "s3://datasets/" + name;
        worker.putObject(uri, csv.getBytes(StandardCharsets.UTF_8));
        return uri;
    }

    private FakeReply reply(String uri, String queryJson) {
        return worker.invoke("{\"user_id\":\"u1\",\"dataset_id\":\"ds1\",\"s3_path\":\"" + uri + "\",\"query\":" + queryJson + "}");
    }

    private static String assertBadRequest(String expected, FakeReply reply) {
        assertEquals(400, reply.status(), reply.json().toString());
        assertTrue(reply.message().contains(expected), () -> "expected '" + expected + "' in: " + reply.message());
        return reply.message();
    }
}
