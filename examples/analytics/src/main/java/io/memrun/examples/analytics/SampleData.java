package io.memrun.examples.analytics;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * A small, deterministic sales dataset and a request over it, for demos and smoke tests. The
 * platform seeds {@link #sampleCsv()} into the store at {@link #SAMPLE_S3_PATH} when
 * {@code memrun dev} starts, so {@link #sampleQueryJson(String)} works out of the box.
 */
public final class SampleData {
    /** Where the platform seeds the sample dataset. */
    public static final String SAMPLE_S3_PATH = "s3://datasets/sales-2026.csv";

    /** Data rows in {@link #sampleCsv()}. */
    public static final int SAMPLE_ROWS = 1000;

    private static final String[] REGIONS = {"eu", "us", "apac"};
    /** One product holds a comma, so the sample also shows quoted fields. */
    private static final String[] PRODUCTS = {"widget", "gadget", "gizmo", "\"cable, 2m\""};

    private SampleData() {
    }

    /**
     * The sample dataset: a header {@code order_id,region,product,amount,quantity} and
     * {@value #SAMPLE_ROWS} rows, regions {@code eu}, {@code us}, {@code apac}, amounts with two
     * decimals. The same bytes on every call and every JVM.
     *
     * @return UTF-8 CSV with LF line endings
     */
    public static byte[] sampleCsv() {
        StringBuilder csv = new StringBuilder(40 * (SAMPLE_ROWS + 1));
        csv.append("order_id,region,product,amount,quantity\n");
        long state = 2026;
        for (int i = 1; i <= SAMPLE_ROWS; i++) {
            // SplitMix64 inline: a fixed algorithm, unlike java.util.Random's unspecified evolution.
            state += 0x9E3779B97F4A7C15L;
            long r = state;
            r = (r ^ (r >>> 30)) * 0xBF58476D1CE4E5B9L;
            r = (r ^ (r >>> 27)) * 0x94D049BB133111EBL;
            r ^= r >>> 31;
            long bits = r >>> 1;
            long cents = 100 + bits % 99_900;
            csv.append(1000 + i).append(',')
                    .append(REGIONS[(int) (bits / 99_900 % REGIONS.length)]).append(',')
                    .append(PRODUCTS[(int) (bits / 299_700 % PRODUCTS.length)]).append(',')
                    .append(cents / 100).append('.').append(cents % 100 < 10 ? "0" : "").append(cents % 100).append(',')
                    .append(1 + bits / 1_198_800 % 10).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * An example request body: the sum of {@code amount} grouped by {@code region}, for user
     * {@code u1} and dataset {@code sales-2026}.
     *
     * @param s3Path the dataset's URI, usually {@link #SAMPLE_S3_PATH}
     * @return compact JSON, e.g. {@code {"user_id":"u1","dataset_id":"sales-2026","s3_path":"s3://...",
     *     "query":{"op":"sum","column":"amount","group_by":"region"}}}
     */
    public static String sampleQueryJson(String s3Path) {
        ObjectNode body = JsonNodeFactory.instance.objectNode()
                .put("user_id", "u1")
                .put("dataset_id", "sales-2026")
                .put("s3_path", s3Path);
        body.putObject("query").put("op", "sum").put("column", "amount").put("group_by", "region");
        return body.toString();
    }
}
