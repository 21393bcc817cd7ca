package io.memrun.bench;

import io.memrun.dev.platform.BundledExample;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.sdk.MemoryService;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The state-tax workload: the bundled analytics example over a generated sales CSV uploaded to the
 * run's object store, and the query every request asks (sum of {@code amount} by {@code region},
 * a full scan of the decoded table).
 *
 * @param service the analytics example's service declaration
 * @param uri where the CSV is
 * @param bytes its size
 * @param rows its data rows
 */
record AnalyticsWorkload(MemoryService service, String uri, long bytes, long rows) {
    static final String BUCKET = "datasets"; // the bucket the bundled example reads by default

    /**
     * Generates the CSV, uploads it and deletes the local copy.
     *
     * @throws IllegalStateException if this build does not bundle the analytics example
     */
    static AnalyticsWorkload prepare(BenchInfra infra, long csvBytes, PrintWriter out) throws Exception {
        BundledExample example = BundledExample.find().orElseThrow(() -> new IllegalStateException(
                "this build does not include the analytics example (io.memrun.examples.analytics); run the packaged"
                        + " jar, packaging/target/memrun.jar"));
        String uri = "s3://" + BUCKET + "/sales-" + (csvBytes >> 20) + "MiB.csv";
        Path file = infra.dir().resolve("sales.csv");
        long t0 = System.nanoTime();
        long rows = CsvGenerator.write(file, csvBytes);
        long size = Files.size(file);
        double genS = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        try (ObjectStore store = infra.objectStore()) {
            store.ensureBucket(BUCKET);
            store.upload(ObjectUri.parse(uri), file);
        } finally {
            Files.deleteIfExists(file);
        }
        out.printf(Locale.ROOT, "  dataset %s: %,d bytes, %,d rows (generated in %.1f s, uploaded in %.1f s)%n", uri, size,
                rows, genS, (System.nanoTime() - t1) / 1e9);
        out.flush();
        return new AnalyticsWorkload(example.service(), uri, size, rows);
    }

    /** The request body: one user's query over the dataset. */
    String request() {
        return "{\"user_id\":\"bench\",\"dataset_id\":\"sales\",\"s3_path\":\"" + uri
                + "\",\"query\":{\"op\":\"sum\",\"column\":\"amount\",\"group_by\":\"region\"}}";
    }

    /** A short label such as {@code 256 MiB CSV, 6,710,886 rows}. */
    String label() {
        return String.format(Locale.ROOT, "%d MiB CSV, %,d rows", bytes >> 20, rows);
    }
}
