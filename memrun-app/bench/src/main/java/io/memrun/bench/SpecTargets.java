package io.memrun.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The SPEC's "numbers we hold ourselves to", with the stricter ones of the second performance round
 * (issue 12) where they replace a SPEC figure, checked against one run's measurements. A target
 * whose experiment did not run, or which needs another size, is listed as not measured with the
 * reason, so the table always shows every target.
 */
final class SpecTargets {
    private static final long GIB = 1L << 30;

    private SpecTargets() {
    }

    static List<TargetCheck> evaluate(BenchReport r, BenchSize size) {
        List<TargetCheck> out = new ArrayList<>();
        stateTax(r, size, out);
        coldPath(r, out);
        requestPath(r, out);
        locality(r, out);
        peer(r, out);
        String dev = "dev loop: memrun dev healthy <= 5 s (fresh data directory)";
        if (r.devStart == null) {
            out.add(TargetCheck.skipped(dev, "dev-start experiment not run"));
        } else {
            double s = r.devStart.medianSeconds();
            out.add(TargetCheck.of(dev, String.format(Locale.ROOT, "%.2f s (median of %d)", s, r.devStart.seconds().size()),
                    s <= 5, "launch of `" + r.devStart.command() + "` to /health 200, JVM start included"));
        }
        out.add(TargetCheck.skipped("dev loop: edit live <= 1 s, idle RSS <= 600 MiB", "measured by memrun dev's tests"));
        return out;
    }

    private static void stateTax(BenchReport r, BenchSize size, List<TargetCheck> out) {
        String t1 = "state tax: warm (memory) request >= 100x faster than cold (256 MiB CSV)";
        String tDisk = "state tax: warm-disk (empty memory tier) request >= 20x faster than cold";
        String t2 = "state tax: warm in-memory hit >= 1,000x faster than cold fetch + decode";
        if (r.stateTax == null) {
            out.add(TargetCheck.skipped(t1, "state-tax experiment not run"));
            out.add(TargetCheck.skipped(tDisk, "state-tax experiment not run"));
            out.add(TargetCheck.skipped(t2, "state-tax experiment not run"));
            return;
        }
        ColdWarmBench.Result q = r.stateTax.requests();
        String sizeNote = r.stateTax.bytes() >> 20 == 256 ? "" : "measured on " + r.stateTax.dataset() + ", not 256 MiB";
        out.add(TargetCheck.of(t1, String.format(Locale.ROOT, "%s (cold %s, warm %s)", TargetCheck.ratio(q.coldOverWarmMemory()),
                TargetCheck.ms(q.coldMs()), TargetCheck.ms(q.warmMemoryMs())), q.coldOverWarmMemory() >= 100,
                join(sizeNote, "end to end through gateway and Kafka; the SPEC asks 50x")));
        out.add(TargetCheck.of(tDisk, String.format(Locale.ROOT, "%s (cold %s, warm-disk %s)", TargetCheck.ratio(q.coldOverWarmDisk()),
                TargetCheck.ms(q.coldMs()), TargetCheck.ms(q.warmDiskMs())), q.coldOverWarmDisk() >= 20,
                join(sizeNote, "the object is on disk and its decoded columns are read back (CachedObject.decoded)")));
        CacheLayerBench.Result c = r.stateTax.cacheLayer();
        out.add(TargetCheck.of(t2, String.format(Locale.ROOT, "%s (%s vs %s; fetch %s, decode %s)",
                TargetCheck.ratio(c.ratio()), TargetCheck.ms(c.coldMs()), TargetCheck.ms(c.hitNanos() / 1e6),
                TargetCheck.ms(c.coldFetchMs()), TargetCheck.ms(c.coldDecodeMs())), c.ratio() >= 1000, sizeNote));
        String t3 = "cold path: a cold 2 GiB load (fetch + decode) <= 5 s";
        // What a cold request pays beyond a warm one: the fetch and the decode, which overlap when the
        // handler decodes while the bytes arrive (so their sum would count the overlap twice).
        double load = q.coldMs() - q.warmMemoryMs();
        if (r.stateTax.bytes() >= 2 * GIB - (1 << 20)) {
            out.add(TargetCheck.of(t3, TargetCheck.ms(load), load <= 5000, "cold minus warm request; fetch "
                    + TargetCheck.ms(Samples.median(q.coldFetch())) + " and decode " + TargetCheck.ms(Samples.median(q.coldDecode()))
                    + " overlap"));
        } else {
            double scaled = load * (2.0 * GIB / r.stateTax.bytes());
            out.add(TargetCheck.skipped(t3, String.format(Locale.ROOT, "run with --large; %s scaled linearly would be %s",
                    r.stateTax.dataset(), TargetCheck.ms(scaled))));
        }
    }

    private static void coldPath(BenchReport r, List<TargetCheck> out) {
        String t1 = "cold path: fetch >= 80% of the store's bandwidth";
        String t2 = "cold path: 16 concurrent requests for one cold key cause exactly one download";
        String t3 = "cold path: ... and finish within 1.2x a single cold request";
        if (r.stateTax == null) {
            out.add(TargetCheck.skipped(t1, "state-tax experiment not run"));
            out.add(TargetCheck.skipped(t2, "state-tax experiment not run"));
            out.add(TargetCheck.skipped(t3, "state-tax experiment not run"));
            return;
        }
        ColdPathBench.Result p = r.stateTax.coldPath();
        double fetch = r.stateTax.fetchMBps();
        double share = fetch / p.storeMBps();
        out.add(TargetCheck.of(t1, String.format(Locale.ROOT, "%.0f%% (%.0f of %.0f MB/s)", 100 * share, fetch, p.storeMBps()),
                share >= 0.8, "a cold acquire alone: download, file writes, CRC-32C, install; the SPEC asks 50%; "
                        + ColdPathBench.describe(p)));
        out.add(TargetCheck.of(t2, p.downloads() + " download(s), " + p.decodes() + " decode(s) for " + p.concurrent()
                + " requests", p.downloads() == 1 && p.decodes() == 1, ""));
        double single = r.stateTax.requests().coldMs();
        double ratio = p.concurrentSlowestMs() / single;
        out.add(TargetCheck.of(t3, String.format(Locale.ROOT, "%.2fx (slowest %s vs %s)", ratio,
                TargetCheck.ms(p.concurrentSlowestMs()), TargetCheck.ms(single)), ratio <= 1.2, ""));
    }

    private static void requestPath(BenchReport r, List<TargetCheck> out) {
        String t1 = "request path: p50 <= 20x the HTTP echo's, 1 request in flight";
        String t2 = "request path: p99 <= 5 ms, 1 request in flight";
        String t3 = "request path: throughput at 64 clients >= 60% of the echo's";
        String t4 = "request path: <= 100 us of CPU per request";
        String t5 = "request path: p50 <= 2x Kafka's own two hops, 1 request in flight";
        if (r.requestPath == null) {
            for (String t : List.of(t5, t1, t2, t3, t4)) {
                out.add(TargetCheck.skipped(t, "request-path experiment not run"));
            }
            return;
        }
        RequestPathBench.Row e1 = row(r, "HTTP echo (Helidon)", 1);
        RequestPathBench.Row m1 = row(r, "memrun invoke", 1);
        RequestPathBench.Row e64 = row(r, "HTTP echo (Helidon)", 64);
        RequestPathBench.Row m64 = row(r, "memrun invoke", 64);
        r.requestPath.stream().filter(x -> x.path().equals(RequestPathBench.FLOOR)).findFirst().ifPresentOrElse(floor -> {
            double overFloor = m1.p50() / floor.p50();
            out.add(TargetCheck.of(t5, String.format(Locale.ROOT, "%s (%s vs %s)", TargetCheck.ratio(overFloor),
                    TargetCheck.ms(m1.p50()), TargetCheck.ms(floor.p50())), overFloor <= 2,
                    "produce, consume, produce, consume with the platform's client settings, same broker"));
        }, () -> out.add(TargetCheck.skipped(t5, "this run has no raw Kafka row")));
        double p50 = m1.p50() / e1.p50();
        out.add(TargetCheck.of(t1, String.format(Locale.ROOT, "%s (%s vs %s)", TargetCheck.ratio(p50), TargetCheck.ms(m1.p50()),
                TargetCheck.ms(e1.p50())), p50 <= 20, ""));
        out.add(TargetCheck.of(t2, TargetCheck.ms(m1.p99()), m1.p99() <= 5, "p50 " + TargetCheck.ms(m1.p50())));
        double tput = m64.rps() / e64.rps();
        out.add(TargetCheck.of(t3, String.format(Locale.ROOT, "%.0f%% (%,.0f vs %,.0f req/s)", 100 * tput, m64.rps(), e64.rps()),
                tput >= 0.6, "the SPEC asks 25%"));
        double extra = m64.memrunCpuUsPerRequest();
        out.add(TargetCheck.of(t4, String.format(Locale.ROOT, "%.0f us (gateway + worker, 64 clients)", extra), extra <= 100,
                String.format(Locale.ROOT, "whole JVM incl. HTTP clients and broker %.0f us; broker %.0f us; the echo's server"
                        + " alone %.0f us", m64.cpuUsPerRequest(), m64.brokerCpuUsPerRequest(), e64.memrunCpuUsPerRequest())));
    }

    private static RequestPathBench.Row row(BenchReport r, String path, int clients) {
        return r.requestPath.stream().filter(x -> x.path().equals(path) && x.clients() == clients).findFirst().orElseThrow();
    }

    private static void locality(BenchReport r, List<TargetCheck> out) {
        String t1 = "locality: sticky hit rate within 2 points of one 4x cache";
        String t2 = "locality: sticky >= 5x fewer misses (and S3 bytes) than random";
        String t3 = "locality: busiest worker <= 2.5x the mean load";
        if (r.locality == null) {
            for (String t : List.of(t1, t2, t3)) {
                out.add(TargetCheck.skipped(t, "locality experiment not run"));
            }
            return;
        }
        LocalityBench.Scheme s = r.locality.sticky();
        LocalityBench.Scheme rnd = r.locality.random();
        LocalityBench.Scheme one = r.locality.oneBig();
        double gap = 100 * (one.hitRate() - s.hitRate());
        out.add(TargetCheck.of(t1, String.format(Locale.ROOT, "%.1f points (%.1f%% vs %.1f%%)", gap, 100 * s.hitRate(),
                100 * one.hitRate()), gap <= 2, "simulated routing over the real disk cache and store"));
        double misses = (double) rnd.misses() / Math.max(1, s.misses());
        double bytes = (double) rnd.s3Bytes() / Math.max(1, s.s3Bytes());
        out.add(TargetCheck.of(t2, String.format(Locale.ROOT, "%s misses, %s bytes (%,d vs %,d misses)", TargetCheck.ratio(misses),
                TargetCheck.ratio(bytes), s.misses(), rnd.misses()), misses >= 5 && bytes >= 5, ""));
        out.add(TargetCheck.of(t3, TargetCheck.ratio(s.busiestOverMean()), s.busiestOverMean() <= 2.5,
                "requests per worker " + s.perWorker()));
    }

    private static void peer(BenchReport r, List<TargetCheck> out) {
        String t1 = "peer: 64 MiB warm hit from memory >= 1,000x faster than a Redis GET";
        String t2 = "peer: ... from the disk tier >= 3x faster than a Redis GET";
        if (r.peer == null) {
            out.add(TargetCheck.skipped(t1, "peer experiment not run"));
            out.add(TargetCheck.skipped(t2, "peer experiment not run"));
            return;
        }
        PeerBench.Result p = r.peer;
        if (!p.redisRan()) {
            out.add(TargetCheck.skipped(t1, "Redis " + p.redisVersion()));
            out.add(TargetCheck.skipped(t2, "Redis " + p.redisVersion()));
            return;
        }
        double redis = Samples.median(p.redis());
        out.add(TargetCheck.of(t1, String.format(Locale.ROOT, "%s (%s vs %s)", TargetCheck.ratio(p.redisOverMemory()),
                TargetCheck.ms(p.memoryHitNanos() / 1e6), TargetCheck.ms(redis)), p.redisOverMemory() >= 1000,
                "the memory tier hands back the structure already in the heap; Redis copies it over loopback"));
        out.add(TargetCheck.of(t2, String.format(Locale.ROOT, "%s (%s vs %s)", TargetCheck.ratio(p.redisOverDisk()),
                TargetCheck.ms(Samples.median(p.diskTier())), TargetCheck.ms(redis)), p.redisOverDisk() >= 3,
                "both read all bytes into a byte[] allocated once"));
    }

    private static String join(String a, String b) {
        return Optional.of(a).filter(s -> !s.isEmpty()).map(s -> s + "; " + b).orElse(b);
    }
}
