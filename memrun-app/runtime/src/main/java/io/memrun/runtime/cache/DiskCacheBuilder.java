package io.memrun.runtime.cache;

import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.sdk.CacheConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Configures and opens a {@link DiskCache}. Every setter validates at once and says what is wrong.
 *
 * <p>Defaults: the budgets, expiry and sweep interval of {@link CacheConfig#defaults()} (600 GiB,
 * 100,000 objects, no expiry, a sweep every 300 s); the system clock; a sweep thread of the cache's
 * own; {@value #DEFAULT_PART_SIZE}-byte parts fetched {@value #DEFAULT_PARALLELISM} at a time.
 */
public final class DiskCacheBuilder {
    /** 16 MiB: objects up to this length take one GET, longer ones are fetched in parts this long. */
    public static final long DEFAULT_PART_SIZE = 16L << 20;
    /** Ranged GETs in flight per download. */
    public static final int DEFAULT_PARALLELISM = 8;

    final Path dir;
    final ObjectStore store;
    long maxSizeBytes = CacheConfig.DEFAULT_MAX_SIZE_BYTES;
    int maxItems = CacheConfig.DEFAULT_MAX_ITEMS;
    Duration ttl;
    Duration cleanupInterval = CacheConfig.DEFAULT_CLEANUP_INTERVAL;
    LongSupplier clock = System::currentTimeMillis;
    CleanupScheduler scheduler;
    long partSize = DEFAULT_PART_SIZE;
    int parallelism = DEFAULT_PARALLELISM;
    LongSupplier usableSpace;

    DiskCacheBuilder(Path dir, ObjectStore store) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The disk budget; must be positive. Objects larger than it are refused. */
    public DiskCacheBuilder maxSizeBytes(long maxSizeBytes) {
        if (maxSizeBytes <= 0) {
            throw new IllegalArgumentException("maxSizeBytes must be positive, was " + maxSizeBytes);
        }
        this.maxSizeBytes = maxSizeBytes;
        return this;
    }

    /** The most objects kept; must be positive. */
    public DiskCacheBuilder maxItems(int maxItems) {
        if (maxItems <= 0) {
            throw new IllegalArgumentException("maxItems must be positive, was " + maxItems);
        }
        this.maxItems = maxItems;
        return this;
    }

    /** Entries expire this long after they were fetched; must be positive. */
    public DiskCacheBuilder ttl(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl + "; call noExpiry() for none");
        }
        this.ttl = ttl;
        return this;
    }

    /** Entries never expire (the default): eviction is pure LRU. */
    public DiskCacheBuilder noExpiry() {
        this.ttl = null;
        return this;
    }

    /** How often the background sweep removes expired entries and orphan files; must be positive. */
    public DiskCacheBuilder cleanupInterval(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("cleanupInterval must be positive, was " + interval);
        }
        this.cleanupInterval = interval;
        return this;
    }

    /**
     * Takes the budgets, expiry and sweep interval from a service's cache configuration. Its
     * {@code cacheDir} is not used: the directory was given to {@link DiskCache#builder}.
     */
    public DiskCacheBuilder config(CacheConfig config) {
        maxSizeBytes(config.maxSizeBytes()).maxItems(config.maxItems()).cleanupInterval(config.cleanupInterval());
        config.ttl().ifPresentOrElse(this::ttl, this::noExpiry);
        return this;
    }

    /** Milliseconds for last-use and fetch times; tests pass a fake. Defaults to the system clock. */
    public DiskCacheBuilder clock(LongSupplier millis) {
        this.clock = Objects.requireNonNull(millis, "millis");
        return this;
    }

    /** Runs the periodic sweep; by default the cache starts a daemon thread of its own. */
    public DiskCacheBuilder scheduler(CleanupScheduler scheduler) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        return this;
    }

    /** The length of each ranged GET, and the size up to which an object takes a single GET. */
    public DiskCacheBuilder partSize(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("partSize must be positive, was " + bytes);
        }
        this.partSize = bytes;
        return this;
    }

    /** How many ranged GETs of one object run at once; 1 to 64. */
    public DiskCacheBuilder parallelism(int requests) {
        if (requests < 1 || requests > 64) {
            throw new IllegalArgumentException("parallelism must be 1 to 64, was " + requests);
        }
        this.parallelism = requests;
        return this;
    }

    /** For tests: how many bytes the file system reports free. */
    DiskCacheBuilder usableSpace(LongSupplier bytes) {
        this.usableSpace = Objects.requireNonNull(bytes, "bytes");
        return this;
    }

    /**
     * Opens the cache: creates the directory if needed, recovers what is on disk (see
     * {@link DiskCache}) and schedules the sweep.
     *
     * @throws IOException if the directory cannot be created or listed
     */
    public DiskCache open() throws IOException {
        return new DiskCache(this);
    }
}
