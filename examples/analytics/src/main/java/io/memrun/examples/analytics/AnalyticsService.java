package io.memrun.examples.analytics;

import io.memrun.sdk.MemoryService;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Declares the analytics engine: 2Gi of memory and 20Gi of disk per worker, up to 10 workers, 16
 * requests at once per worker, requests routed by {@code user_id:dataset_id} so that every query
 * on one user's dataset lands on the worker that already holds it decoded.
 *
 * <p>A request names the CSV file it queries ({@code s3_path}), so the service answers only for
 * the buckets it is configured for: {@code datasets} (where {@code memrun dev} puts the sample),
 * or the comma-separated list in the {@value #BUCKETS_ENV} environment variable of the process
 * that runs the workers. Without that check, anyone who can send a request could read any object
 * the worker's credentials can (see docs/security.md).
 *
 * <p>Run it with {@code memrun dev} (or deploy it with {@code memrun cloud deploy}); the platform
 * runs {@link #main} and picks up the service it deploys.
 */
public final class AnalyticsService {
    /** The service name; it also names the service's topics. */
    public static final String SERVICE_NAME = "analytics-engine";

    /** The request fields whose values route a request to its worker. */
    public static final String STICKY_KEY = "user_id:dataset_id";

    /** The environment variable that lists the buckets the service reads, comma-separated. */
    public static final String BUCKETS_ENV = "ANALYTICS_BUCKETS";

    /** The buckets read when {@value #BUCKETS_ENV} is not set. */
    public static final Set<String> DEFAULT_BUCKETS = Set.of("datasets");

    private AnalyticsService() {
    }

    /**
     * Deploys the service. Only meaningful under a memrun runtime: run as plain {@code java}, the
     * SDK's {@link MemoryService#deploy()} throws an {@link IllegalStateException} explaining how
     * to run it instead.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        MemoryService svc = service();
        svc.deploy();
    }

    /**
     * Builds the service declaration with its handler set, without deploying it, so tests and
     * tools can inspect or run it directly. It reads the buckets named in {@value #BUCKETS_ENV},
     * or {@link #DEFAULT_BUCKETS}.
     *
     * @return a new, undeployed service
     */
    public static MemoryService service() {
        return service(bucketsFrom(System.getenv(BUCKETS_ENV)));
    }

    /**
     * As {@link #service()}, reading only {@code buckets}.
     *
     * @param buckets the buckets requests may name in {@code s3_path}; not empty
     * @return a new, undeployed service
     */
    public static MemoryService service(Set<String> buckets) {
        return MemoryService.builder(SERVICE_NAME)
                .memory("2Gi")
                .disk("20Gi")
                .maxWorkers(10)
                .concurrency(16)
                .handler(STICKY_KEY, new AnalyticsHandler(buckets))
                .build();
    }

    /** The buckets in a comma-separated list; {@link #DEFAULT_BUCKETS} for none or a blank one. */
    static Set<String> bucketsFrom(String list) {
        if (list == null || list.isBlank()) {
            return DEFAULT_BUCKETS;
        }
        return Arrays.stream(list.split(",")).map(String::trim).filter(b -> !b.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
