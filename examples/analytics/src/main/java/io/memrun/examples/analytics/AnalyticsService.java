package io.memrun.examples.analytics;

import io.memrun.sdk.MemoryService;

/**
 * Declares the analytics engine: 2Gi of memory and 20Gi of disk per worker, up to 10 workers, 16
 * requests at once per worker, requests routed by {@code user_id:dataset_id} so that every query
 * on one user's dataset lands on the worker that already holds it decoded.
 *
 * <p>Run it with {@code memrun dev} (or deploy it with {@code memrun cloud deploy}); the platform
 * runs {@link #main} and picks up the service it deploys.
 */
public final class AnalyticsService {
    /** The service name; it also names the service's topics. */
    public static final String SERVICE_NAME = "analytics-engine";

    /** The request fields whose values route a request to its worker. */
    public static final String STICKY_KEY = "user_id:dataset_id";

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
     * tools can inspect or run it directly.
     *
     * @return a new, undeployed service
     */
    public static MemoryService service() {
        return MemoryService.builder(SERVICE_NAME)
                .memory("2Gi")
                .disk("20Gi")
                .maxWorkers(10)
                .concurrency(16)
                .handler(STICKY_KEY, new AnalyticsHandler())
                .build();
    }
}
