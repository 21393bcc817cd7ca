package io.memrun.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures of one run that {@code --compare} sets side by side, read from its
 * {@code results.json} (so a run of an older build compares as well, as long as it has the
 * field). Each has a direction and a noise band: the relative change seen between two runs of the
 * same build on the same quiet 2-core machine, rounded up. A change inside its band is noise.
 *
 * <p>Where the bands come from: {@code memrun bench --experiments request-path} run twice on each
 * of two builds, alternating, and compared with {@code --compare A --against B}: between two runs
 * of one build, medians of many requests moved up to 29 %, tails (p99) up to 66 %, throughput and
 * CPU per request up to 29 %, the invoke/Kafka ratio 12 %; cold loads after the bench collects the
 * heap before each (state tax, five reps twice) up to 20 %.
 */
final class BenchFigures {
    /** Medians over thousands of requests. */
    static final double MEDIAN = 0.30;
    /** p99 and p999: a few slow requests move them. */
    static final double TAIL = 0.70;
    /** Medians of a handful of expensive repetitions (cold loads, JVM starts). */
    static final double FEW = 0.25;
    /** Throughput and CPU per request. */
    static final double RATE = 0.30;
    /** Hit rates. */
    static final double HIT_RATE = 0.02;
    /** Ratios of two figures. */
    static final double RATIO = 0.40;
    /** Ratios with a tail or a nanosecond-scale hit in them. */
    static final double WILD = 0.80;

    /**
     * One figure.
     *
     * @param name what it measures, with its unit
     * @param value the value; NaN if the run did not measure it
     * @param higherIsBetter its direction
     * @param noise the relative change two runs of one build showed, as a fraction
     */
    record Figure(String name, double value, boolean higherIsBetter, double noise) {
    }

    private BenchFigures() {
    }

    /** The figures in {@code report} (a parsed {@code results.json}), in a fixed order; absent ones are NaN. */
    static List<Figure> of(JsonNode report) {
        List<Figure> out = new ArrayList<>();
        JsonNode st = report.path("stateTax");
        JsonNode q = st.path("requests");
        out.add(new Figure("state tax: cold request, ms", num(q, "coldMs"), false, FEW));
        out.add(new Figure("state tax: cold fetch, ms", median(q.path("coldFetch")), false, FEW));
        out.add(new Figure("state tax: cold decode, ms", median(q.path("coldDecode")), false, FEW));
        out.add(new Figure("state tax: warm-disk request, ms", num(q, "warmDiskMs"), false, FEW));
        out.add(new Figure("state tax: warm-memory request, ms", num(q, "warmMemoryMs"), false, MEDIAN));
        out.add(new Figure("state tax: cold / warm-memory", num(q, "coldOverWarmMemory"), true, RATIO));
        out.add(new Figure("state tax: cold / warm-disk", num(q, "coldOverWarmDisk"), true, RATIO));
        out.add(new Figure("state tax: cold over a link, decoded while arriving, ms",
                median(st.path("arriving").path("streamedMs")), false, FEW));
        out.add(new Figure("state tax: cold over a link, decoded after the download, ms",
                median(st.path("arriving").path("wholeMs")), false, FEW));
        out.add(new Figure("cold path: fetch, MB/s", num(st, "fetchMBps"), true, FEW));
        out.add(new Figure("cold path: store bandwidth, MB/s", num(st.path("coldPath"), "storeMBps"), true, FEW));
        out.add(new Figure("cold path: 16 concurrent cold, slowest ms", num(st.path("coldPath"), "concurrentSlowestMs"), false, FEW));
        out.add(new Figure("stateless request, ms", num(report.path("stateless"), "medianMs"), false, FEW));
        for (String path : List.of(RequestPathBench.FLOOR, "HTTP echo (Helidon)", "memrun invoke")) {
            // The same figures in the same order for every run, measured or not: compare() pairs them by position.
            for (int clients : path.equals(RequestPathBench.FLOOR) ? new int[] {1} : new int[] {1, 16, 64}) {
                JsonNode row = row(report.path("requestPath"), path, clients);
                String at = "request path: " + path + ", " + clients + (clients == 1 ? " client" : " clients");
                out.add(new Figure(at + ", p50 ms", num(row, "p50"), false, MEDIAN));
                out.add(new Figure(at + ", p99 ms", num(row, "p99"), false, TAIL));
                if (clients == 64) {
                    out.add(new Figure(at + ", req/s", num(row, "rps"), true, RATE));
                }
                if (path.equals("memrun invoke") && clients != 16) {
                    out.add(new Figure(at + ", server CPU us/req", num(row, "memrunCpuUsPerRequest"), false, RATE));
                }
            }
        }
        JsonNode floor = row(report.path("requestPath"), RequestPathBench.FLOOR, 1);
        JsonNode invoke1 = row(report.path("requestPath"), "memrun invoke", 1);
        out.add(new Figure("request path: invoke / raw Kafka p50, 1 client", num(invoke1, "p50") / num(floor, "p50"), false, RATIO));
        JsonNode loc = report.path("locality");
        out.add(new Figure("locality: sticky hit rate", num(loc.path("sticky"), "hitRate"), true, HIT_RATE));
        out.add(new Figure("locality: random / sticky misses", num(loc.path("random"), "misses")
                / num(loc.path("sticky"), "misses"), true, RATIO));
        JsonNode peer = report.path("peer");
        out.add(new Figure("peer: 64 MiB from the memory tier, ns", num(peer, "memoryHitNanos"), false, WILD));
        out.add(new Figure("peer: 64 MiB from the disk tier, ms", median(peer.path("diskTier")), false, FEW));
        out.add(new Figure("peer: Redis GET, ms", median(peer.path("redis")), false, FEW));
        out.add(new Figure("memrun dev: launch to healthy, s", median(report.path("devStart").path("seconds")), false, FEW));
        return out;
    }

    private static JsonNode row(JsonNode rows, String path, int clients) {
        for (JsonNode r : rows) {
            if (path.equals(r.path("path").asText()) && r.path("clients").asInt() == clients) {
                return r;
            }
        }
        return null;
    }

    private static double num(JsonNode node, String field) {
        if (node == null) {
            return Double.NaN;
        }
        JsonNode v = node.path(field);
        return v.isNumber() ? v.asDouble() : Double.NaN;
    }

    private static double median(JsonNode list) {
        List<Double> xs = new ArrayList<>();
        for (JsonNode v : list) {
            if (v.isNumber()) {
                xs.add(v.asDouble());
            }
        }
        return Samples.median(xs);
    }
}
