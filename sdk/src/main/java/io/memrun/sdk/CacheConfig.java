package io.memrun.sdk;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a worker's disk cache of fetched objects behaves. Immutable; build one with
 * {@link #builder()} or take {@link #defaults()}.
 *
 * <p>Defaults, from the design paper:
 * <ul>
 *   <li>{@code cacheDir} = {@code /var/lib/memrun/cache/{service_name}/} ({@code {service_name}} is
 *       replaced by the service's name; in dev mode each local worker gets its own directory under
 *       the dev data dir instead)</li>
 *   <li>{@code maxSizeBytes} = 600 GiB</li>
 *   <li>{@code maxItems} = 100,000</li>
 *   <li>{@code ttl} = none: entries never expire, eviction is pure LRU</li>
 *   <li>{@code cleanupInterval} = 300 s (the background sweep for expired entries and orphan files)</li>
 * </ul>
 */
public final class CacheConfig {
    /** The default cache directory template. */
    public static final String DEFAULT_CACHE_DIR = "/var/lib/memrun/cache/{service_name}/";
    /** 600 GiB. */
    public static final long DEFAULT_MAX_SIZE_BYTES = 600L << 30;
    /** 100,000 objects. */
    public static final int DEFAULT_MAX_ITEMS = 100_000;
    /** 300 seconds. */
    public static final Duration DEFAULT_CLEANUP_INTERVAL = Duration.ofSeconds(300);

    private static final CacheConfig DEFAULTS = builder().build();

    private final String cacheDir;
    private final long maxSizeBytes;
    private final int maxItems;
    private final Duration ttl;
    private final Duration cleanupInterval;

    private CacheConfig(Builder b) {
        this.cacheDir = b.cacheDir;
        this.maxSizeBytes = b.maxSizeBytes;
        this.maxItems = b.maxItems;
        this.ttl = b.ttl;
        this.cleanupInterval = b.cleanupInterval;
    }

    /** The seed's defaults (see the class description). */
    public static CacheConfig defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The cache directory template, possibly containing {@code {service_name}}. */
    public String cacheDir() {
        return cacheDir;
    }

    /** The cache directory for a service: the template with {@code {service_name}} replaced. */
    public Path cacheDirFor(String serviceName) {
        return Path.of(cacheDir.replace("{service_name}", serviceName));
    }

    /** The most bytes the cache keeps on disk before evicting least recently used objects. */
    public long maxSizeBytes() {
        return maxSizeBytes;
    }

    /** The most objects the cache keeps before evicting least recently used ones. */
    public int maxItems() {
        return maxItems;
    }

    /** How long an entry lives after it was fetched; empty means forever (pure LRU). */
    public Optional<Duration> ttl() {
        return Optional.ofNullable(ttl);
    }

    /** How often the background sweep runs. */
    public Duration cleanupInterval() {
        return cleanupInterval;
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder().cacheDir(cacheDir).maxSizeBytes(maxSizeBytes).maxItems(maxItems)
                .cleanupInterval(cleanupInterval);
        return ttl == null ? b : b.ttl(ttl);
    }

    @Override
    public String toString() {
        return "CacheConfig[cacheDir=" + cacheDir + ", maxSize=" + Sizes.format(maxSizeBytes) + ", maxItems=" + maxItems
                + ", ttl=" + (ttl == null ? "none" : ttl) + ", cleanupInterval=" + cleanupInterval + "]";
    }

    /** Builds a {@link CacheConfig}; every setter validates at once and says what is wrong. */
    public static final class Builder {
        private String cacheDir = DEFAULT_CACHE_DIR;
        private long maxSizeBytes = DEFAULT_MAX_SIZE_BYTES;
        private int maxItems = DEFAULT_MAX_ITEMS;
        private Duration ttl;
        private Duration cleanupInterval = DEFAULT_CLEANUP_INTERVAL;

        private Builder() {
        }

        /** The directory template; {@code {service_name}} is replaced by the service name. */
        public Builder cacheDir(String cacheDir) {
            if (cacheDir == null || cacheDir.isBlank()) {
                throw new IllegalArgumentException("cacheDir is empty");
            }
            this.cacheDir = cacheDir;
            return this;
        }

        /** The disk budget in bytes; must be positive. */
        public Builder maxSizeBytes(long maxSizeBytes) {
            if (maxSizeBytes <= 0) {
                throw new IllegalArgumentException("maxSizeBytes must be positive, was " + maxSizeBytes);
            }
            this.maxSizeBytes = maxSizeBytes;
            return this;
        }

        /** The disk budget as a size such as {@code 600Gi}. */
        public Builder maxSize(String size) {
            return maxSizeBytes(Sizes.parse(size));
        }

        /** The most objects kept; must be positive. */
        public Builder maxItems(int maxItems) {
            if (maxItems <= 0) {
                throw new IllegalArgumentException("maxItems must be positive, was " + maxItems);
            }
            this.maxItems = maxItems;
            return this;
        }

        /** Entries expire this long after they were fetched. */
        public Builder ttl(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("ttl must be positive, was " + ttl + "; leave it unset for no expiry");
            }
            this.ttl = ttl;
            return this;
        }

        /** Entries expire this many seconds after they were fetched. */
        public Builder ttlSeconds(long seconds) {
            return ttl(Duration.ofSeconds(seconds));
        }

        /** Entries never expire (the default): eviction is pure LRU. */
        public Builder noExpiry() {
            this.ttl = null;
            return this;
        }

        /** How often the background sweep runs; must be positive. */
        public Builder cleanupInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("cleanupInterval must be positive, was " + interval);
            }
            this.cleanupInterval = interval;
            return this;
        }

        /** How often the background sweep runs, in seconds. */
        public Builder cleanupIntervalSeconds(long seconds) {
            return cleanupInterval(Duration.ofSeconds(seconds));
        }

        /** The configuration. */
        public CacheConfig build() {
            return new CacheConfig(this);
        }
    }
}
