package io.memrun.bench.jmh;

import io.memrun.runtime.cache.CacheLease;
import io.memrun.runtime.cache.DiskCache;
import io.memrun.runtime.cache.MemoryStore;
import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.sdk.SharedWorkerContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 * The warm path: a disk-tier hit ({@code acquire}, then map and read every byte, or only
 * acquire) and an in-memory-tier hit ({@code getOrCompute} of an already decoded value).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class CacheHitBenchmark {
    /** 4 KiB and 64 MiB (the SPEC's peer comparison size). */
    @Param({"4096", "67108864"})
    public long size;

    private BenchStore s3;
    private DiskCache disk;
    private MemoryStore memory;
    private ObjectUri uri;
    private final SharedWorkerContext.Loader<Decoded> loader = () -> new Decoded(size);

    /** Stands in for a decoded structure that declares its size. */
    public record Decoded(long weightBytes) implements SharedWorkerContext.Weighted {
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        s3 = new BenchStore();
        uri = s3.put("hit-" + size, size);
        disk = DiskCache.builder(s3.newDir("cache"), s3.client).maxSizeBytes(1L << 30).open();
        disk.acquire(uri).close();
        memory = new MemoryStore(1L << 30);
        memory.getOrCompute(uri.toString(), loader);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        disk.close();
        s3.close();
    }

    /** Acquire, map read-only, read every byte (as longs), release. */
    @Benchmark
    public long diskAcquireMapRead() throws IOException {
        try (CacheLease lease = disk.acquire(uri)) {
            ByteBuffer buf = lease.map().order(ByteOrder.nativeOrder());
            long sum = 0;
            while (buf.remaining() >= Long.BYTES) {
                sum += buf.getLong();
            }
            return sum;
        }
    }

    /** The cache's own cost of a hit: lookup, pin, file check, release. */
    @Benchmark
    public long diskAcquireOnly() throws IOException {
        try (CacheLease lease = disk.acquire(uri)) {
            return lease.size();
        }
    }

    /** A hit in the in-memory tier. */
    @Benchmark
    public Object memoryGetOrCompute() throws Exception {
        return memory.getOrCompute(uri.toString(), loader);
    }
}
