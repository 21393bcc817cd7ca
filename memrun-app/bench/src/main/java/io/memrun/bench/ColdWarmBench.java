package io.memrun.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The state tax of one request, end to end through the gateway: the same request cold (new worker,
 * empty disk cache and memory store), warm-disk (object on local disk, decoded again after the
 * memory store was emptied) and warm-memory (decoded structure in the memory store). One untimed
 * cycle and a number of untimed warm requests (1,000 at the default size, for at most 15 s) first
 * warm the JIT, so the figures are the data's cost, not the interpreter's.
 */
final class ColdWarmBench {
    /**
     * Medians over the repetitions, with every sample kept.
     *
     * @param cold client round trips of cold requests, ms
     * @param warmDisk of warm-disk requests
     * @param warmMemory of warm-memory requests
     * @param coldFetch the worker's fetch time in cold requests (Server-Timing), ms
     * @param coldDecode the worker's decode time in cold requests, ms
     * @param warmDiskDecode the worker's decode time in warm-disk requests, ms
     * @param warmMemoryHandler the worker's handler time in warm-memory requests, ms
     */
    record Result(List<Double> cold, List<Double> warmDisk, List<Double> warmMemory, List<Double> coldFetch,
                  List<Double> coldDecode, List<Double> warmDiskDecode, List<Double> warmMemoryHandler) {
        @JsonProperty
        double coldMs() {
            return Samples.median(cold);
        }

        @JsonProperty
        double warmDiskMs() {
            return Samples.median(warmDisk);
        }

        @JsonProperty
        double warmMemoryMs() {
            return Samples.median(warmMemory);
        }

        @JsonProperty
        double coldOverWarmMemory() {
            return coldMs() / warmMemoryMs();
        }

        @JsonProperty
        double coldOverWarmDisk() {
            return coldMs() / warmDiskMs();
        }
    }

    private final Samples cold = new Samples();
    private final Samples warmDisk = new Samples();
    private final Samples warmMemory = new Samples();
    private final Samples coldFetch = new Samples();
    private final Samples coldDecode = new Samples();
    private final Samples warmDiskDecode = new Samples();
    private final Samples warmMemoryHandler = new Samples();

    private ColdWarmBench() {
    }

    static Result run(OneWorkerPlatform p, String body, int reps, int warmPerRep, int warmUpRequests, PrintWriter out)
            throws Exception {
        ColdWarmBench b = new ColdWarmBench();
        b.cycle(p, body, warmPerRep, false, out);
        warmUpRequestPath(p, body, warmUpRequests, out);
        for (int rep = 1; rep <= reps; rep++) {
            b.cycle(p, body, warmPerRep, true, out);
            out.printf(Locale.ROOT, "  rep %d/%d: cold %s (fetch %s, decode %s), warm-disk %s, warm-memory %s%n", rep, reps,
                    TargetCheck.ms(last(b.cold)), TargetCheck.ms(last(b.coldFetch)), TargetCheck.ms(last(b.coldDecode)),
                    TargetCheck.ms(last(b.warmDisk)), TargetCheck.ms(Samples.median(
                            b.warmMemory.values().subList(b.warmMemory.count() - warmPerRep, b.warmMemory.count()))));
            out.flush();
        }
        return new Result(b.cold.values(), b.warmDisk.values(), b.warmMemory.values(), b.coldFetch.values(),
                b.coldDecode.values(), b.warmDiskDecode.values(), b.warmMemoryHandler.values());
    }

    /** The longest the untimed warm requests may take. */
    static final long WARM_UP_NANOS = 15_000_000_000L;

    /**
     * Sends warm requests, untimed, until the request path's code is compiled: a worker lives long,
     * and its JIT-compiled gateway, Kafka clients and broker are its steady state. Measured on this
     * machine, a warm request through {@code memrun dev} took 10-20 ms after 60 requests and 1-3 ms
     * after 3,000: what one untimed cycle leaves is the interpreter's cost, not the platform's.
     */
    private static void warmUpRequestPath(OneWorkerPlatform p, String body, int requests, PrintWriter out)
            throws Exception {
        long start = System.nanoTime();
        int sent = 0;
        while (sent < requests && System.nanoTime() - start < WARM_UP_NANOS) {
            p.invokeOk(body);
            sent++;
        }
        out.printf(Locale.ROOT, "  request path warmed up: %,d warm requests in %.1f s, untimed%n", sent,
                (System.nanoTime() - start) / 1e9);
        out.flush();
    }

    private void cycle(OneWorkerPlatform p, String body, int warmPerRep, boolean record, PrintWriter out) throws Exception {
        p.startCold();
        // Each timed step starts on a collected heap: the previous step's dropped table (hundreds
        // of MB) is not collected on this one's time. What a step allocates itself still counts.
        System.gc();
        Invocation c = p.invokeOk(body);
        expect(c, "miss", "cold", out);
        // The cold decode's structure is written to disk in the background now (hundreds of MB with
        // a checksum): warm requests measured meanwhile would share the two cores with that write.
        p.awaitDecodedWrites();
        for (int i = 0; i < warmPerRep; i++) {
            Invocation w = p.invokeOk(body);
            expect(w, "hit", "warm-memory", out);
            if (record) {
                warmMemory.add(w.ms());
                warmMemoryHandler.add(w.phase("handler"));
            }
        }
        p.dropMemory();
        System.gc();
        Invocation d = p.invokeOk(body);
        expect(d, "hit", "warm-disk", out);
        if (record) {
            cold.add(c.ms());
            coldFetch.add(c.phase("fetch"));
            coldDecode.add(c.phase("decode"));
            warmDisk.add(d.ms());
            warmDiskDecode.add(d.phase("decode"));
        }
    }

    /** A request that was not as cold or warm as intended is reported, not hidden. */
    private static void expect(Invocation inv, String cache, String what, PrintWriter out) {
        if (!inv.cache().equals(cache) && !inv.cache().equals("none")) {
            out.printf("  warning: a %s request reported Memrun-Cache: %s%n", what, inv.cache());
        }
    }

    private static double last(Samples s) {
        List<Double> v = s.values();
        return v.isEmpty() ? Double.NaN : v.get(v.size() - 1);
    }
}
