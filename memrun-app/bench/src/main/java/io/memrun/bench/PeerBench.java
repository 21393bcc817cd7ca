package io.memrun.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.memrun.runtime.cache.CacheLease;
import io.memrun.runtime.cache.CleanupScheduler;
import io.memrun.runtime.cache.DiskCache;
import io.memrun.runtime.cache.MemoryStore;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.sdk.SharedWorkerContext;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Experiment 4, "stateless, but cached": the same warm read of one object (64 MiB by default)
 * from memrun's cache and from Redis on loopback. Memory tier: a memory-store hit, which hands
 * back the structure already in the heap. Disk tier: a disk-cache hit, then the file read through
 * {@code CachedObject.map()} into a {@code byte[]}. Redis: a {@code GET} whose bulk reply is read
 * into a {@code byte[]}; so disk tier and Redis end with the same bytes in the same array (allocated
 * once, outside the timing). Each figure is the median of several reads after one untimed read.
 */
final class PeerBench {

    /**
     * @param bytes the object's size
     * @param diskTier disk-cache hit + read into the heap, ms, per read
     * @param memoryHitNanos the median memory-store hit, ns
     * @param redis Redis GETs, ms, per read; empty if Redis was skipped
     * @param redisVersion the server's version, or why Redis was skipped
     */
    record Result(long bytes, List<Double> diskTier, double memoryHitNanos, List<Double> redis, String redisVersion) {
        boolean redisRan() {
            return !redis.isEmpty();
        }

        @JsonProperty
        double redisOverDisk() {
            return Samples.median(redis) / Samples.median(diskTier);
        }

        @JsonProperty
        double redisOverMemory() {
            return Samples.median(redis) * 1e6 / memoryHitNanos;
        }
    }

    /** A value the memory store weighs by its real size, as a decoded structure would be. */
    private record Blob(byte[] bytes) implements SharedWorkerContext.Weighted {
        @Override
        public long weightBytes() {
            return bytes.length;
        }
    }

    private PeerBench() {
    }

    static Result run(BenchInfra infra, int bytes, int reps, Optional<String> redisAddress, PrintWriter out)
            throws Exception {
        byte[] payload = new byte[bytes];
        new SplittableRandom(64).nextBytes(payload);
        ObjectUri uri = new ObjectUri(AnalyticsWorkload.BUCKET, "peer-" + (bytes >> 20) + "MiB.bin");
        Path dir = infra.dir().resolve("peer");
        Samples disk = new Samples();
        double memoryHit;
        // Both sides read into an array allocated once: a fresh 64 MiB array per read would time
        // the garbage collector's handling of huge allocations, not the read.
        byte[] read = new byte[bytes];
        try (ObjectStore store = infra.objectStore();
             DiskCache cache = DiskCache.builder(dir.resolve("cache"), store).maxSizeBytes(4L * bytes)
                     .scheduler(CleanupScheduler.NEVER).open()) {
            store.ensureBucket(uri.bucket());
            store.upload(uri, payload);
            for (int i = -1; i < reps; i++) { // the first read fetches the object and is not counted
                long t0 = System.nanoTime();
                try (CacheLease lease = cache.acquire(uri)) {
                    // CachedObject.map(), the SDK's way to read a cached file: one copy from the
                    // page cache (Files.readAllBytes makes two, through a temporary direct buffer).
                    ByteBuffer mapped = lease.map();
                    mapped.get(read, 0, mapped.remaining());
                }
                if (i >= 0) {
                    disk.addSince(t0);
                }
                check(read, payload, "the disk cache");
            }
            MemoryStore memory = new MemoryStore(4L * bytes);
            memory.getOrCompute("peer", () -> new Blob(payload));
            memoryHit = CacheLayerBench.medianHitNanos(memory, "peer", 200);
        } finally {
            BenchFiles.deleteTree(dir);
        }
        out.printf(Locale.ROOT, "  memrun disk tier %s, memory tier %s%n", TargetCheck.ms(disk.median()),
                TargetCheck.ms(memoryHit / 1e6));
        String[] why = new String[1];
        Optional<RedisServer> redis = redisAddress.isPresent() ? Optional.of(RedisServer.external(redisAddress.get()))
                : RedisServer.startLocal(infra.dir().resolve("redis"), why);
        if (redis.isEmpty()) {
            out.println("  Redis comparison skipped: " + why[0]);
            return new Result(bytes, disk.values(), memoryHit, List.of(), "skipped: " + why[0]);
        }
        try (RedisServer server = redis.get()) {
            Samples gets = new Samples();
            String version = server.version();
            try (RespClient c = server.connect()) {
                c.set("memrun-bench-peer", payload);
                Arrays.fill(read, (byte) 0); // so the check below sees what Redis sent
                for (int i = -1; i < reps; i++) {
                    long t0 = System.nanoTime();
                    int n = c.getInto("memrun-bench-peer", read);
                    if (i >= 0) {
                        gets.addSince(t0);
                    }
                    check(n == payload.length ? read : null, payload, "Redis");
                }
                c.call("DEL", "memrun-bench-peer");
            }
            out.printf(Locale.ROOT, "  Redis %s at %s: GET %s%n", version, server.address(), TargetCheck.ms(gets.median()));
            return new Result(bytes, disk.values(), memoryHit, gets.values(), version);
        }
    }

    /** A read that returned other bytes would make the timing meaningless; outside the timed part. */
    private static void check(byte[] got, byte[] want, String from) {
        boolean same = got != null && got.length == want.length;
        for (int i = 0; same && i < want.length; i += 4093) {
            same = got[i] == want[i];
        }
        if (!same || got[got.length - 1] != want[want.length - 1]) {
            throw new IllegalStateException("reading the object from " + from + " returned other bytes");
        }
    }
}
