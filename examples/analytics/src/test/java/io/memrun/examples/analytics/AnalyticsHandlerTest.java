package io.memrun.examples.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.sdk.testing.FakeReply;
import io.memrun.sdk.testing.FakeWorker;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnalyticsHandlerTest {
    private static final String SALES = """
            order_id,region,amount,quantity,note
            1,eu,10.50,2,a
            2,us,20.25,3,
            3,eu,5,1,b
            4,apac,,4,c
            """;

    private FakeWorker worker;
    private String sales;

    @BeforeEach
    void setUp() throws Exception {
        worker = FakeWorker.of(AnalyticsService.service());
        sales = put("sales.csv", SALES);
    }

    @Test
    void count_withoutColumn_countsRows() throws Exception {
        assertEquals("{\"rows\":4,\"value\":4}", query(sales, "{\"op\":\"count\"}"));
    }

    @Test
    void count_withColumn_countsNonEmptyValues() throws Exception {
        assertEquals("{\"rows\":4,\"value\":3}", query(sales, "{\"op\":\"count\",\"column\":\"note\"}"));
        assertEquals("{\"rows\":4,\"value\":3}", query(sales, "{\"op\":\"count\",\"column\":\"amount\"}"));
    }

    @Test
    void sum_decimalColumn_returnsDouble() throws Exception {
        assertEquals("{\"rows\":4,\"value\":35.75}", query(sales, "{\"op\":\"sum\",\"column\":\"amount\"}"));
    }

    @Test
    void sum_integerColumn_returnsInteger() throws Exception {
        assertEquals("{\"rows\":4,\"value\":10}", query(sales, "{\"op\":\"sum\",\"column\":\"quantity\"}"));
    }

    @Test
    void avg_integerColumn_returnsIntegerOnlyWhenWhole() throws Exception {
        assertEquals("{\"rows\":4,\"value\":2.5}", query(sales, "{\"op\":\"avg\",\"column\":\"quantity\"}"));
        String whole = put("whole.csv", "n\n2\n4\n");
        assertEquals("{\"rows\":2,\"value\":3}", query(whole, "{\"op\":\"avg\",\"column\":\"n\"}"));
    }

    @Test
    void avg_decimalColumn_skipsEmptyCells() throws Exception {
        assertEquals("{\"rows\":4,\"value\":" + (35.75 / 3) + "}",
                query(sales, "{\"op\":\"avg\",\"column\":\"amount\"}"));
    }

    @Test
    void minMax_mixedColumns_keepIntegralness() throws Exception {
        assertEquals("{\"rows\":4,\"value\":1}", query(sales, "{\"op\":\"min\",\"column\":\"quantity\"}"));
        assertEquals("{\"rows\":4,\"value\":20.25}", query(sales, "{\"op\":\"max\",\"column\":\"amount\"}"));
        assertEquals("{\"rows\":4,\"value\":5.0}", query(sales, "{\"op\":\"min\",\"column\":\"amount\"}"));
    }

    @Test
    void avgMinMax_noValues_returnNull() throws Exception {
        String empty = put("empty.csv", "a,b\n");
        assertEquals("{\"rows\":0,\"value\":null}", query(empty, "{\"op\":\"avg\",\"column\":\"a\"}"));
        assertEquals("{\"rows\":0,\"value\":0}", query(empty, "{\"op\":\"sum\",\"column\":\"a\"}"));
        String blanks = put("blanks.csv", "a,b\n,1\n,2\n");
        assertEquals("{\"rows\":2,\"value\":null}", query(blanks, "{\"op\":\"min\",\"column\":\"a\"}"));
        assertEquals("{\"rows\":2,\"value\":null}", query(blanks, "{\"op\":\"max\",\"column\":\"a\"}"));
    }

    @Test
    void groupBy_textColumn_returnsGroupsSortedByKey() throws Exception {
        assertEquals("{\"rows\":4,\"groups\":{\"apac\":0.0,\"eu\":15.5,\"us\":20.25}}",
                query(sales, "{\"op\":\"sum\",\"column\":\"amount\",\"group_by\":\"region\"}"));
        assertEquals("{\"rows\":4,\"groups\":{\"apac\":null,\"eu\":7.75,\"us\":20.25}}",
                query(sales, "{\"op\":\"avg\",\"column\":\"amount\",\"group_by\":\"region\"}"));
        assertEquals("{\"rows\":4,\"groups\":{\"apac\":1,\"eu\":2,\"us\":1}}",
                query(sales, "{\"op\":\"count\",\"group_by\":\"region\"}"));
    }

    @Test
    void groupBy_numericColumn_sortsNumericallyAndWritesWholeKeys() throws Exception {
        String data = put("n.csv", "k,v\n10,1\n9,2\n10,3\n-0,4\n0,5\n,6\n");
        assertEquals("{\"rows\":6,\"groups\":{\"0\":9,\"9\":2,\"10\":4,\"\":6}}",
                query(data, "{\"op\":\"sum\",\"column\":\"v\",\"group_by\":\"k\"}"));
    }

    @Test
    void handle_twoRequests_decodesFileOnce() throws Exception {
        query(sales, "{\"op\":\"count\"}");
        query(sales, "{\"op\":\"sum\",\"column\":\"amount\"}");
        assertEquals(1, worker.loads());
        Object table = worker.getOrCompute(AnalyticsHandler.sharedKey(sales, SALES.length()), () -> "not decoded yet");
        assertInstanceOf(CsvTable.class, table);
        assertEquals("analytics:csv:v1:" + sales + ":" + SALES.length(), AnalyticsHandler.sharedKey(sales, SALES.length()));
    }

    @Test
    void handle_afterTheMemoryTierIsEmptied_answersAlikeFromTheColumnsKeptOnDisk() throws Exception {
        String q = "{\"op\":\"sum\",\"column\":\"amount\",\"group_by\":\"region\"}";
        String before = query(sales, q);
        worker.dropMemory(); // as after a restart or a hot reload: the table comes back from the columns file
        assertEquals(before, query(sales, q));
        assertEquals(2, worker.loads());
    }

    @Test
    void handle_objectReplacedWithOtherSize_decodesAgain() throws Exception {
        assertEquals("{\"rows\":4,\"value\":4}", query(sales, "{\"op\":\"count\"}"));
        put("sales.csv", SALES + "5,us,1,1,d\n");
        worker.evictObject(sales);
        assertEquals("{\"rows\":5,\"value\":5}", query(sales, "{\"op\":\"count\"}"));
        assertEquals(2, worker.loads());
    }

    @Test
    void handle_sameObjectTwice_firstMissesThenHitsTheDiskCache() throws Exception {
        assertEquals("miss", reply(sales, "{\"op\":\"count\"}").cache());
        assertEquals("hit", reply(sales, "{\"op\":\"count\"}").cache());
        assertEquals(1, worker.fetches());
    }

    @Test
    void handle_missingStickyField_is400BeforeTheHandlerRuns() {
        FakeReply r = worker.invoke("{\"user_id\":\"u1\",\"s3_path\":\"" + sales + "\",\"query\":{\"op\":\"count\"}}");
        assertEquals(400, r.status());
        assertTrue(r.message().contains("dataset_id"), r.message());
        assertEquals(0, worker.fetches());
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

    private String query(String uri, String queryJson) {
        FakeReply r = reply(uri, queryJson);
        assertEquals(200, r.status(), r.message());
        return r.json().toString();
    }
}
