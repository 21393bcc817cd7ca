package io.memrun.examples.analytics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.memrun.sdk.MemoryService;
import io.memrun.sdk.spi.ServiceCapture;
import io.memrun.sdk.testing.FakeWorker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyticsServiceTest {
    @TempDir
    Path dir;

    @Test
    void bucketsFrom_list_trimmedAndBlanksDropped_defaultWhenUnset() {
        assertEquals(java.util.Set.of("a", "b"), AnalyticsService.bucketsFrom(" a, b ,,"));
        assertEquals(AnalyticsService.DEFAULT_BUCKETS, AnalyticsService.bucketsFrom(null));
        assertEquals(AnalyticsService.DEFAULT_BUCKETS, AnalyticsService.bucketsFrom("  "));
        assertThrows(IllegalArgumentException.class, () -> AnalyticsService.service(java.util.Set.of()));
    }

    @Test
    void service_declaration_matchesDocumentedResources() {
        MemoryService svc = AnalyticsService.service();
        assertEquals("analytics-engine", svc.name());
        assertEquals(2L << 30, svc.memoryBytes());
        assertEquals(20L << 30, svc.diskBytes());
        assertEquals(10, svc.maxWorkers());
        assertEquals(16, svc.concurrency());
        assertEquals("user_id:dataset_id", svc.stickyKey().toString());
        assertInstanceOf(AnalyticsHandler.class, svc.requestHandler());
    }

    @Test
    void main_underRuntime_deploysOneService() throws Exception {
        List<MemoryService> deployed = ServiceCapture.capture(() -> {
            AnalyticsService.main(new String[0]);
            return null;
        });
        assertEquals(1, deployed.size());
        assertEquals(AnalyticsService.SERVICE_NAME, deployed.get(0).name());
    }

    @Test
    void main_withoutRuntime_throwsExplainingHowToRun() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AnalyticsService.main(new String[0]));
        assertTrue(e.getMessage().contains("memrun dev"), e.getMessage());
    }

    @Test
    void sampleCsv_everyCall_sameThousandRows() throws Exception {
        byte[] csv = SampleData.sampleCsv();
        assertArrayEquals(csv, SampleData.sampleCsv());
        Path file = dir.resolve("sample.csv");
        Files.write(file, csv);
        CsvTable table = CsvTable.decode(file);
        assertEquals(List.of("order_id", "region", "product", "amount", "quantity"), table.header());
        assertEquals(SampleData.SAMPLE_ROWS, table.rows());
        assertTrue(table.isNumeric("amount") && table.isNumeric("quantity") && !table.isNumeric("region"));
        assertTrue(new String(csv, StandardCharsets.UTF_8).contains(",\"cable, 2m\","));
    }

    @Test
    void sampleQuery_onSampleData_sumsAmountPerRegion() throws Exception {
        try (FakeWorker worker = FakeWorker.of(AnalyticsService.service())) {
            worker.putObject("s3://datasets/sales-2026.csv", SampleData.sampleCsv());
            String body = SampleData.sampleQueryJson("s3://datasets/sales-2026.csv");
            assertEquals("{\"user_id\":\"u1\",\"dataset_id\":\"sales-2026\",\"s3_path\":\"s3://datasets/sales-2026.csv\","
                    + "\"query\":{\"op\":\"sum\",\"column\":\"amount\",\"group_by\":\"region\"}}", body);
            JsonNode reply = worker.invoke(body).json();
            assertEquals(SampleData.SAMPLE_ROWS, reply.get("rows").intValue());
            assertEquals(List.of("apac", "eu", "us"), List.copyOf(iterable(reply.get("groups").fieldNames())));
            double total = 0;
            for (JsonNode v : reply.get("groups")) {
                total += v.doubleValue();
            }
            JsonNode all = worker.invoke(body.replace(",\"group_by\":\"region\"", "")).json();
            assertEquals(all.get("value").doubleValue(), total, 1e-6);
        }
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
