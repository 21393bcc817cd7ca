package io.memrun.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.memrun.runtime.cache.CacheLease;
import io.memrun.runtime.cache.CleanupScheduler;
import io.memrun.runtime.cache.DiskCache;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.runtime.wire.Topics;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.common.utils.Utils;

/**
 * Experiment 3, locality, as a simulation over the real {@link DiskCache} and the real object
 * store (not through Kafka: three schemes of tens of thousands of requests would not fit the time
 * budget on two cores). A Zipf(s) request sequence over {@code n} equally sized datasets is served
 * by: four workers whose budgets each hold a quarter of the data, routed <em>sticky</em> (the
 * record key {@code u1:ds-NNNN} placed by Kafka's murmur2 partitioner on the request topic of a
 * 4-worker service, partitions spread evenly over the workers as the cooperative-sticky assignor
 * does); the same four routed <em>randomly</em>; and one worker with four times the budget, the
 * ideal. The first half of the sequence warms the caches; the rest is measured.
 */
final class LocalityBench {
    static final double ZIPF_S = 1.0;
    static final int WORKERS = 4;
    private static final String BUCKET = "bench-locality";

    /**
     * One routing scheme's measured phase.
     *
     * @param scheme its name
     * @param workers how many caches served it
     * @param budgetBytes each one's disk budget
     * @param requests measured requests
     * @param hits of which were served from local disk
     * @param meanMs mean time to acquire the object and read it, ms
     * @param s3Bytes bytes fetched from the store
     * @param perWorker requests each worker served
     */
    record Scheme(String scheme, int workers, long budgetBytes, int requests, long hits, double meanMs, long s3Bytes,
                  List<Integer> perWorker) {
        @JsonProperty
        double hitRate() {
            return (double) hits / requests;
        }

        @JsonProperty
        long misses() {
            return requests - hits;
        }

        /** The busiest worker's requests over the mean per worker. */
        @JsonProperty
        double busiestOverMean() {
            double mean = perWorker.stream().mapToInt(Integer::intValue).average().orElse(0);
            return perWorker.stream().mapToInt(Integer::intValue).max().orElse(0) / mean;
        }
    }

    /** Which worker serves request {@code i} for dataset {@code d}. */
    @FunctionalInterface
    interface Router {
        int workerFor(int dataset, int i);
    }

    /** The three schemes, plus the workload's shape. */
    record Result(int datasets, int datasetBytes, double zipfS, int partitions, Scheme sticky, Scheme random,
                  Scheme oneBig) {
    }

    private LocalityBench() {
    }

    static Result run(BenchInfra infra, BenchSize size, PrintWriter out) throws Exception {
        int n = size.datasets();
        long total = size.localityBytes();
        try (ObjectStore store = infra.objectStore()) {
            upload(store, n, size.datasetBytes());
            int[] sequence = new ZipfSampler(n, ZIPF_S, 2026).sequence(size.localityRequests() * 3 / 2);
            int warm = size.localityRequests() / 2;
            int partitions = Topics.partitionsFor(WORKERS);
            Router sticky = (d, i) -> stickyPartition(key(d), partitions) % WORKERS;
            SplittableRandom rnd = new SplittableRandom(7);
            Router random = (d, i) -> rnd.nextInt(WORKERS);
            Path dir = infra.dir().resolve("locality");
            Scheme s = serve("sticky", WORKERS, total / WORKERS, sticky, sequence, warm, store, dir, out);
            Scheme r = serve("random", WORKERS, total / WORKERS, random, sequence, warm, store, dir, out);
            Scheme one = serve("one worker, 4x budget", 1, total, (d, i) -> 0, sequence, warm, store, dir, out);
            BenchFiles.deleteTree(dir);
            return new Result(n, size.datasetBytes(), ZIPF_S, partitions, s, r, one);
        }
    }

    /** The partition Kafka's default partitioner gives a keyed record: murmur2 of the key bytes. */
    static int stickyPartition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The record key of a request for dataset {@code d}: the sticky key {@code user_id:dataset_id}. */
    static String key(int d) {
        return "u1:" + name(d);
    }

    private static String name(int d) {
        return String.format(Locale.ROOT, "ds-%04d", d);
    }

    private static ObjectUri uri(int d) {
        return new ObjectUri(BUCKET, name(d) + ".bin");
    }

    private static void upload(ObjectStore store, int n, int bytes) throws Exception {
        store.ensureBucket(BUCKET);
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Object>> puts = new ArrayList<>();
            for (int d = 0; d < n; d++) {
                int ds = d;
                puts.add(pool.submit(() -> {
                    byte[] data = new byte[bytes];
                    new SplittableRandom(ds).nextBytes(data);
                    store.upload(uri(ds), data);
                    return null;
                }));
            }
            for (Future<Object> f : puts) {
                f.get();
            }
        }
    }

    private static Scheme serve(String name, int workers, long budget, Router router, int[] sequence, int warm,
                                ObjectStore store, Path dir, PrintWriter out) throws Exception {
        List<DiskCache> caches = new ArrayList<>();
        try {
            for (int w = 0; w < workers; w++) {
                caches.add(DiskCache.builder(dir.resolve(name.replaceAll("\\W+", "-") + "-w" + w), store)
                        .maxSizeBytes(budget).scheduler(CleanupScheduler.NEVER).open());
            }
            int[] perWorker = new int[workers];
            long hits = 0;
            long nanos = 0;
            long bytesBefore = 0;
            byte[] buf = new byte[64 << 10];
            for (int i = 0; i < sequence.length; i++) {
                if (i == warm) {
                    bytesBefore = caches.stream().mapToLong(c -> c.stats().bytesFetched()).sum();
                }
                int w = router.workerFor(sequence[i], i);
                long t0 = System.nanoTime();
                boolean hit;
                try (CacheLease lease = caches.get(w).acquire(uri(sequence[i])); InputStream in = lease.open()) {
                    hit = lease.hit();
                    while (in.read(buf) >= 0) {
                        // A request reads its data, from local disk or straight after the download.
                    }
                }
                if (i >= warm) {
                    nanos += System.nanoTime() - t0;
                    perWorker[w]++;
                    hits += hit ? 1 : 0;
                }
            }
            long s3 = caches.stream().mapToLong(c -> c.stats().bytesFetched()).sum() - bytesBefore;
            int measured = sequence.length - warm;
            Scheme s = new Scheme(name, workers, budget, measured, hits, nanos / 1e6 / measured, s3,
                    Arrays.stream(perWorker).boxed().toList());
            out.printf(Locale.ROOT, "  %-22s hit rate %5.1f%%, mean %s, S3 %,d bytes%n", name, 100 * s.hitRate(),
                    TargetCheck.ms(s.meanMs()), s3);
            out.flush();
            return s;
        } finally {
            caches.forEach(DiskCache::close);
        }
    }
}
