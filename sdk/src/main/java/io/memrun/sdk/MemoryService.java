package io.memrun.sdk;

import io.memrun.sdk.spi.ServiceCapture;
import java.util.Objects;

/**
 * A stateful service: a handler plus what it needs from the platform (memory, disk, how many
 * workers, how many requests at once per worker, and the cache). The developer declares it; the
 * platform provisions workers, routes each request by its sticky key to the worker that owns it,
 * and keeps that worker's cache warm.
 *
 * <pre>{@code
 * MemoryService svc = MemoryService.builder("analytics-engine")
 *         .memory("32Gi").disk("600Gi").maxWorkers(10).concurrency(16)
 *         .handler("user_id:dataset_id", (ctx, req) -> analyze(ctx.getOrFetch(req.text("s3_path")), req.get("query")))
 *         .build();
 * svc.deploy();
 * }</pre>
 */
public final class MemoryService {
    private final String name;
    private final long memoryBytes;
    private final long diskBytes;
    private final int maxWorkers;
    private final int concurrency;
    private final CacheConfig cache;
    private final StickyKey stickyKey;
    private final Handler handler;

    private MemoryService(Builder b) {
        this.name = b.name;
        this.memoryBytes = b.memoryBytes;
        this.diskBytes = b.diskBytes;
        this.maxWorkers = b.maxWorkers;
        this.concurrency = b.concurrency;
        this.cache = b.cache;
        this.stickyKey = b.stickyKey;
        this.handler = b.handler;
    }

    /**
     * Starts declaring a service.
     *
     * @param name a DNS label ({@link ServiceNames}); it names the service's Kafka topics
     * @throws IllegalArgumentException if the name is not valid
     */
    public static Builder builder(String name) {
        return new Builder(ServiceNames.requireValid(name));
    }

    /**
     * Hands this service to the platform. Under {@code memrun dev <artifact>} or {@code memrun worker}
     * the platform runs the artifact's main method and picks up every service it deploys.
     *
     * @throws IllegalStateException if no memrun runtime is loading this artifact (run it with
     *     {@code memrun dev} instead of {@code java})
     */
    public void deploy() {
        ServiceCapture.offer(this);
    }

    /** The service name. */
    public String name() {
        return name;
    }

    /** Memory per worker in bytes; bounds the in-memory store of decoded structures. */
    public long memoryBytes() {
        return memoryBytes;
    }

    /** Local disk per worker in bytes; bounds the disk cache unless the cache config sets less. */
    public long diskBytes() {
        return diskBytes;
    }

    /** The most workers the platform runs for this service. */
    public int maxWorkers() {
        return maxWorkers;
    }

    /**
     * Handler invocations one worker runs at once. A request waiting for the object store (a
     * cache miss being fetched) does not count while it waits, so hits keep flowing past slow
     * fetches; at most four times this many requests are in flight on a worker in all.
     */
    public int concurrency() {
        return concurrency;
    }

    /** The disk cache configuration. */
    public CacheConfig cache() {
        return cache;
    }

    /** The sticky key: the request fields that route a request to its worker. */
    public StickyKey stickyKey() {
        return stickyKey;
    }

    /** The handler the platform calls for every request. */
    public Handler requestHandler() {
        return handler;
    }

    @Override
    public String toString() {
        return "MemoryService[" + name + ", memory=" + Sizes.format(memoryBytes) + ", disk=" + Sizes.format(diskBytes)
                + ", maxWorkers=" + maxWorkers + ", concurrency=" + concurrency + ", stickyKey=" + stickyKey + "]";
    }

    /**
     * Declares a service; {@link #handler(String, Handler)} is required. Defaults: memory 1Gi,
     * disk 10Gi, maxWorkers 1, concurrency 16, the {@link CacheConfig#defaults() default cache}.
     */
    public static final class Builder {
        private final String name;
        private long memoryBytes = 1L << 30;
        private long diskBytes = 10L << 30;
        private int maxWorkers = 1;
        private int concurrency = 16;
        private CacheConfig cache = CacheConfig.defaults();
        private StickyKey stickyKey;
        private Handler handler;

        private Builder(String name) {
            this.name = name;
        }

        /** Memory per worker, e.g. {@code 32Gi}. */
        public Builder memory(String size) {
            this.memoryBytes = positive("memory", Sizes.parse(size));
            return this;
        }

        /** Local disk per worker, e.g. {@code 600Gi}. */
        public Builder disk(String size) {
            this.diskBytes = positive("disk", Sizes.parse(size));
            return this;
        }

        /** The most workers, 1 to 1000. */
        public Builder maxWorkers(int maxWorkers) {
            if (maxWorkers < 1 || maxWorkers > 1000) {
                throw new IllegalArgumentException("maxWorkers must be between 1 and 1000, was " + maxWorkers);
            }
            this.maxWorkers = maxWorkers;
            return this;
        }

        /**
         * Handler invocations per worker at once, 1 to 10,000 (requests waiting for the object store
         * do not count while they wait; see {@link MemoryService#concurrency()}).
         */
        public Builder concurrency(int concurrency) {
            if (concurrency < 1 || concurrency > 10_000) {
                throw new IllegalArgumentException("concurrency must be between 1 and 10000, was " + concurrency);
            }
            this.concurrency = concurrency;
            return this;
        }

        /** The disk cache configuration. */
        public Builder cache(CacheConfig cache) {
            this.cache = Objects.requireNonNull(cache, "cache");
            return this;
        }

        /**
         * The handler and the sticky key that routes requests to it. Required.
         *
         * @param stickyKey request fields, {@code field[:field...]}, e.g. {@code user_id:dataset_id};
         *     a request missing one of them is refused with a 400 before it reaches the handler
         * @param handler called for every request
         * @throws IllegalArgumentException if the sticky key is malformed
         */
        public Builder handler(String stickyKey, Handler handler) {
            this.stickyKey = StickyKey.parse(stickyKey);
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * The service, complete: every accessor returns a value.
         *
         * @throws IllegalStateException if no {@link #handler(String, Handler) handler} was set
         */
        public MemoryService build() {
            if (handler == null) {
                throw new IllegalStateException("service '" + name + "' has no handler: call handler(stickyKey, handler)"
                        + " before build()");
            }
            return new MemoryService(this);
        }

        private static long positive(String what, long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException(what + " must be more than 0 bytes");
            }
            return bytes;
        }
    }
}
