package io.memrun.examples.analytics;

import io.memrun.sdk.CachedObject;
import io.memrun.sdk.Handler;
import io.memrun.sdk.HandlerException;
import io.memrun.sdk.Request;
import io.memrun.sdk.WorkerRequestContext;
import java.util.Set;
import java.util.TreeSet;

/**
 * Answers one aggregate query over a CSV file in object storage.
 *
 * <p>Request:
 * <pre>{@code
 * {"user_id": "u1", "dataset_id": "sales-2026", "s3_path": "s3://datasets/sales-2026.csv",
 *  "query": {"op": "sum", "column": "amount", "group_by": "region"}}
 * }</pre>
 * {@code op} is one of {@code count, sum, avg, min, max}; {@code column} is required except for
 * {@code count} (which then counts rows, and otherwise counts non-empty values of the column);
 * {@code group_by} is optional. The file must have a header row naming the columns.
 *
 * <p>Reply: {@code {"rows": <data rows scanned>, "value": <number or null>}}, or with
 * {@code group_by} {@code {"rows": <n>, "groups": {"<group>": <number or null>, ...}}} with the
 * groups in key order (numeric order if the group column is numeric). A result is written as a
 * JSON integer when it is a whole number and the op is {@code count} or the column holds only
 * whole numbers; otherwise as a double. {@code avg}, {@code min} and {@code max} over no numeric
 * values are {@code null}. Empty cells are missing values: skipped by every op.
 *
 * <p>Bad input (a malformed {@code s3_path}, an unknown op or column, a non-numeric value in a
 * column being summed, a file that is not a rectangular CSV table) is answered with a 400 saying
 * what to fix. An {@code s3_path} in a bucket the handler was not given is answered with a 403
 * before anything is fetched: requests choose the path, so the handler, not the caller, decides
 * which objects it may read.
 *
 * <p>The decoded table is kept in the worker's shared store under
 * {@link #sharedKey(String, long)}, and its columns on the worker's disk beside the file
 * ({@link CsvTable#FORM}), so only the first query on a file parses it, even across restarts and
 * hot reloads. Stateless and safe for concurrent use.
 */
public final class AnalyticsHandler implements Handler {
    /** Prefix of the shared-store keys; the version changes whenever the decoded layout does. */
    public static final String SHARED_KEY_PREFIX = "analytics:csv:v1:";

    private final Set<String> buckets;

    /**
     * Creates the handler.
     *
     * @param buckets the buckets whose objects requests may query; not empty
     */
    public AnalyticsHandler(Set<String> buckets) {
        if (buckets.isEmpty()) {
            throw new IllegalArgumentException("the analytics handler needs at least one bucket to read");
        }
        this.buckets = Set.copyOf(buckets);
    }

    @Override
    public Object handle(WorkerRequestContext ctx, Request request) throws Exception {
        String s3Path = s3Path(request);
        // Validated before the fetch so that a bad query costs no download.
        Query query = Query.parse(request.get("query"));
        // On a miss this returns after the first part: the parse below decodes each chunk as it lands.
        CachedObject file = ctx.getOrFetchStreaming(s3Path);
        // Memory first; then the columns kept on disk beside the file; only then a parse of the CSV.
        CsvTable table = ctx.shared().getOrCompute(sharedKey(s3Path, file.size()), () -> file.decoded(CsvTable.FORM));
        return QueryEngine.run(query, table);
    }

    /**
     * The shared-store key of a decoded file: {@code analytics:csv:v1:<s3Path>:<size>}. The size is
     * part of the key so that a replaced object of a different length is decoded afresh rather
     * than answered from the old columns.
     *
     * @param s3Path the object's URI as the request names it
     * @param size the object's length in bytes
     * @return the key
     */
    public static String sharedKey(String s3Path, long size) {
        return SHARED_KEY_PREFIX + s3Path + ":" + size;
    }

    private String s3Path(Request request) {
        String path = request.text("s3_path");
        int slash = path.indexOf('/', "s3://".length());
        if (!path.startsWith("s3://") || slash <= "s3://".length() || slash == path.length() - 1) {
            throw HandlerException.badRequest("s3_path must be an object URI like s3://bucket/key.csv, was '"
                    + Texts.clip(path) + "'");
        }
        String bucket = path.substring("s3://".length(), slash);
        if (!buckets.contains(bucket)) {
            throw HandlerException.forbidden("this service reads only the buckets " + new TreeSet<>(buckets)
                    + ", not '" + Texts.clip(bucket) + "'; to allow it, add it to " + AnalyticsService.BUCKETS_ENV
                    + " (comma-separated) in the environment of memrun dev or the worker");
        }
        return path;
    }
}
