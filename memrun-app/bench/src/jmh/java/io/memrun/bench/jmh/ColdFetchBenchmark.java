package io.memrun.bench.jmh;

import io.memrun.runtime.cache.CacheLease;
import io.memrun.runtime.cache.DiskCache;
import io.memrun.runtime.cache.DiskCacheBuilder;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectUri;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A cold fetch of one 256 MiB object from the embedded store into an empty cache, each
 * invocation into a fresh directory. Modes:
 * <ul>
 *   <li>{@code storeGet}: the store client's plain whole-object GET to a file, without the cache:
 *       the store's bandwidth as this machine delivers it, the yardstick for the other two</li>
 *   <li>{@code cacheSingleGet}: the cache with a part size above the object's, so one GET</li>
 *   <li>{@code cacheRanged}: the cache's default, 16 MiB parts, {@code parallelism} at a time</li>
 * </ul>
 * and networks: {@code loopback}, the embedded store as it is (on a 2-core machine the store and
 * the client share the CPU, so parallel streams cannot beat one); {@code s3Like}, the same store
 * behind {@link PerConnectionLink} with 20 ms to first byte and 100 MB/s per connection, the shape
 * of S3 from one VM, where ranged GETs earn their keep.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class ColdFetchBenchmark {
    private static final long SIZE = 256L << 20;

    @Param({"storeGet", "cacheSingleGet", "cacheRanged"})
    public String mode;

    /** Ranged GETs in flight; the cache's default. */
    @Param({"8"})
    public int parallelism;

    @Param({"loopback", "s3Like"})
    public String network;

    private BenchStore s3;
    private ObjectStore client;
    private ObjectUri uri;
    private Path dir;
    private DiskCache cache;

    @Setup(Level.Trial)
    public void setUpTrial() throws IOException {
        s3 = new BenchStore();
        uri = s3.put("cold-256m", SIZE);
        client = network.equals("s3Like") ? new PerConnectionLink(s3.client, Duration.ofMillis(20), 100_000_000)
                : s3.client;
    }

    @Setup(Level.Iteration)
    public void setUpIteration() throws IOException {
        dir = s3.newDir("cold");
        long part = mode.equals("cacheSingleGet") ? 2 * SIZE : DiskCacheBuilder.DEFAULT_PART_SIZE;
        cache = DiskCache.builder(dir.resolve("cache"), client).maxSizeBytes(4 * SIZE).partSize(part)
                .parallelism(parallelism).open();
    }

    @Benchmark
    public long fetch() throws IOException {
        if (mode.equals("storeGet")) {
            return client.download(uri, dir.resolve("plain.bin")).size();
        }
        try (CacheLease lease = cache.acquire(uri)) {
            return lease.size();
        }
    }

    @TearDown(Level.Iteration)
    public void tearDownIteration() throws IOException {
        cache.close();
        if (mode.equals("storeGet") && Files.size(dir.resolve("plain.bin")) != SIZE) {
            throw new IllegalStateException("short download");
        }
        BenchStore.deleteTree(dir);
    }

    @TearDown(Level.Trial)
    public void tearDownTrial() throws IOException {
        s3.close();
    }
}
