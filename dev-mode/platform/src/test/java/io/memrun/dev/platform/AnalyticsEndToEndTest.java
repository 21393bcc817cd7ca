package io.memrun.dev.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memrun.runtime.gateway.GatewaySettings;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.runtime.registry.ServiceRegistry;
import io.memrun.runtime.testing.Http;
import io.memrun.runtime.testing.SharedInfra;
import io.memrun.examples.analytics.AnalyticsService;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton's acceptance test: the real embedded broker and store, a CSV uploaded with
 * an S3 client, the analytics example invoked over HTTP, numbers checked, and a second identical
 * request served from the worker's warm cache.
 */
class AnalyticsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalPlatform platform;
    private static ServiceRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        SharedInfra infra = SharedInfra.get();
        try (ObjectStore s3 = infra.objectStore()) {
            s3.ensureBucket("e2e-data");
            String csv = """
                    order_id,region,product,amount
                    1,eu,"widget, large",10.5
                    2,us,gadget,20
                    3,eu,widget,4.5
                    4,apac,"say \"\"hi\"\"",5
                    """;
            s3.upload(ObjectUri.parse("s3://e2e-data/sales.csv"), csv.getBytes(StandardCharsets.UTF_8));
            // Only the warm-cache test reads this copy, so its first request is cold whatever ran before.
            s3.upload(ObjectUri.parse("s3://e2e-data/warm.csv"), csv.getBytes(StandardCharsets.UTF_8));
        }
        registry = ServiceRegistry.inMemory("e2e");
        platform = LocalPlatform.start(AnalyticsService.service(java.util.Set.of("e2e-data")), LocalPlatform.Options.of(2, GatewaySettings.defaults("127.0.0.1", 0)),
                infra.kafka(), infra.storeSettings(), registry, infra.newDir("e2e"));
    }

    @AfterAll
    static void stop() throws Exception {
        platform.close();
        registry.close();
    }

    private static HttpResponse<String> query(String user, String query) throws Exception {
        return query(user, "s3://e2e-data/sales.csv", query);
    }

    private static HttpResponse<String> query(String user, String path, String query) throws Exception {
        return Http.post(platform.httpPort(), "/v1/services/analytics-engine/invoke",
                "{\"user_id\":\"" + user + "\",\"dataset_id\":\"sales\",\"s3_path\":\"" + path + "\",\"query\":" + query + "}");
    }

    @Test
    void invoke_sumGroupedByRegion_returnsNumbersAndWarmSecondRequestHits() throws Exception {
        HttpResponse<String> first = query("u1", "s3://e2e-data/warm.csv", "{\"op\":\"sum\",\"column\":\"amount\",\"group_by\":\"region\"}");
        assertEquals(200, first.statusCode(), first.body());
        JsonNode body = JSON.readTree(first.body());
        assertEquals(4, body.get("rows").asInt());
        assertEquals(15.0, body.get("groups").get("eu").asDouble(), 1e-9);
        assertEquals(20.0, body.get("groups").get("us").asDouble(), 1e-9);
        assertEquals(5.0, body.get("groups").get("apac").asDouble(), 1e-9);
        assertEquals("miss", first.headers().firstValue("Memrun-Cache").orElseThrow());
        assertTrue(first.headers().firstValue("Server-Timing").orElseThrow().contains("total;dur="));

        HttpResponse<String> second = query("u1", "s3://e2e-data/warm.csv", "{\"op\":\"sum\",\"column\":\"amount\",\"group_by\":\"region\"}");
        assertEquals(200, second.statusCode(), second.body());
        assertEquals(first.body(), second.body());
        assertEquals("hit", second.headers().firstValue("Memrun-Cache").orElseThrow());
        assertEquals(first.headers().firstValue("Memrun-Worker"), second.headers().firstValue("Memrun-Worker"));
        assertEquals(first.headers().firstValue("Memrun-Partition"), second.headers().firstValue("Memrun-Partition"));
    }

    @Test
    void invoke_csvOfSeveralParts_decodedWhileItArrives_sameNumbersAsItsRows() throws Exception {
        // Over two 16 MiB parts, so the worker streams it: chunks decode as their parts land. One file
        // with no quotes (cut at newlines), one with quoted newlines throughout (some cut falls inside
        // quotes, the chunks notice, and the careful path decodes it): the numbers must be the rows'.
        for (boolean quotedNewlines : new boolean[] {false, true}) {
            StringBuilder csv = new StringBuilder(quotedNewlines ? "id,note,region,amount\n" : "id,region,amount\n");
            String[] regions = {"eu", "us", "apac"};
            long[] sums = new long[3];
            int rows = 0;
            while (csv.length() < 36 << 20) {
                int region = rows % 3;
                int amount = rows % 100;
                csv.append(rows).append(',');
                if (quotedNewlines) {
                    csv.append(rows % 7 == 0 ? "\"line one\nline, two\"" : "plain").append(',');
                }
                csv.append(regions[region]).append(',').append(amount).append('\n');
                sums[region] += amount;
                rows++;
            }
            String path = "s3://e2e-data/large-" + quotedNewlines + ".csv";
            try (ObjectStore s3 = SharedInfra.get().objectStore()) {
                s3.upload(ObjectUri.parse(path), csv.toString().getBytes(StandardCharsets.UTF_8));
            }
            HttpResponse<String> r = query("u5", path, "{\"op\":\"sum\",\"column\":\"amount\",\"group_by\":\"region\"}");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("miss", r.headers().firstValue("Memrun-Cache").orElseThrow());
            JsonNode body = JSON.readTree(r.body());
            assertEquals(rows, body.get("rows").asInt(), "quoted newlines: " + quotedNewlines);
            for (int i = 0; i < 3; i++) {
                assertEquals(sums[i], body.get("groups").get(regions[i]).asDouble(), 1e-6, regions[i]);
            }
        }
    }

    @Test
    void invoke_avgWithoutGroup_returnsValue() throws Exception {
        HttpResponse<String> r = query("u2", "{\"op\":\"avg\",\"column\":\"amount\"}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(10.0, JSON.readTree(r.body()).get("value").asDouble(), 1e-9);
    }

    @Test
    void invoke_unknownColumn_returns400FromHandler() throws Exception {
        HttpResponse<String> r = query("u3", "{\"op\":\"sum\",\"column\":\"nope\"}");
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(JSON.readTree(r.body()).get("detail").asText().contains("nope"), r.body());
    }

    @Test
    void invoke_missingObject_returns404() throws Exception {
        HttpResponse<String> r = Http.post(platform.httpPort(), "/v1/services/analytics-engine/invoke",
                "{\"user_id\":\"u4\",\"dataset_id\":\"x\",\"s3_path\":\"s3://e2e-data/absent.csv\",\"query\":{\"op\":\"count\"}}");
        assertEquals(404, r.statusCode(), r.body());
        assertTrue(JSON.readTree(r.body()).get("detail").asText().contains("s3://e2e-data/absent.csv"), r.body());
    }

    @Test
    void services_listsTheDeployedService() throws Exception {
        HttpResponse<String> r = Http.get(platform.httpPort(), "/v1/services");
        assertEquals(200, r.statusCode());
        JsonNode svc = JSON.readTree(r.body()).get("services").get(0);
        assertEquals("analytics-engine", svc.get("name").asText());
        assertEquals("user_id:dataset_id", svc.get("sticky_key").asText());
        assertEquals(40, svc.get("partitions").asInt());
        assertEquals(200, Http.get(platform.httpPort(), "/health").statusCode());
    }
}
