package io.memrun.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.memrun.runtime.json.Json;
import io.memrun.runtime.objectstore.ObjectStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Runs the benchmark experiments on an embedded broker and store of its own, prints each one's
 * table and then every SPEC target as met or not, and writes {@code results.json} and
 * {@code results.png}. An experiment that fails is reported and the others still run.
 */
public final class Bench {
    /** Memory-store hits are timed in this many batches of 1,000. */
    private static final int HIT_BATCHES = 200;

    private Bench() {
    }

    /**
     * Runs the experiments {@code options} selects.
     *
     * @return the process exit code: 0, or 1 if an experiment failed
     */
    public static int run(BenchOptions options, PrintWriter out) throws Exception {
        long t0 = System.nanoTime();
        JsonNode before = null;
        if (options.compare().isPresent()) {
            before = readResults(options.compare().get()); // before the run: a bad file fails at once
        }
        Path scratch = Files.createTempDirectory("memrun-bench-");
        try (BenchInfra infra = BenchInfra.start(scratch)) {
            int code = run(options, out, infra, t0);
            if (before != null) {
                JsonNode now = readResults(options.outDir().resolve("results.json"));
                BenchComparison.print(BenchComparison.compare(before, now), options.compare().get().toString(), out);
            }
            return code;
        } finally {
            BenchFiles.deleteTree(scratch);
        }
    }

    /**
     * Prints the figures of {@code now} beside those of {@code before}, two {@code results.json}
     * files, without running anything.
     *
     * @throws IllegalArgumentException if a file is missing or not a bench result, saying which
     */
    public static void compare(Path before, Path now, PrintWriter out) {
        BenchComparison.print(BenchComparison.compare(readResults(before), readResults(now)),
                before + " (now: " + now + ")", out);
    }

    private static JsonNode readResults(Path file) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(file.toFile());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read " + file + " as a bench result: " + e.getMessage()
                    + " (give the results.json of an earlier memrun bench run)");
        }
        if (node == null || !node.has("targets") || !node.has("machine")) {
            throw new IllegalArgumentException(file + " is not the results.json of a memrun bench run");
        }
        return node;
    }

    /** Runs the experiments on the given broker and store; tests pass the ones they share. */
    static int run(BenchOptions options, PrintWriter out, BenchInfra infra, long t0) throws Exception {
        Files.createDirectories(options.outDir());
        BenchSize size = options.size();
        BenchReport r = new BenchReport();
        r.machine = MachineInfo.now();
        r.size = size.name();
        out.printf(Locale.ROOT, "memrun bench, %s size, experiments: %s%n  on %s%n", size.name(),
                options.experiments().stream().sorted().map(Experiment::cliName).collect(Collectors.joining(", ")),
                r.machine.describe());
        out.flush();
        boolean failed = runExperiments(options, out, infra, r);
        r.machine = r.machine.finish();
        r.targets = SpecTargets.evaluate(r, size);
        r.seconds = (System.nanoTime() - t0) / 1e9;
        new ReportPrinter(out).targets(r.targets);
        Path json = options.outDir().resolve("results.json");
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), r);
        Path png = options.outDir().resolve("results.png");
        BenchChart.write(r, png);
        out.printf(Locale.ROOT, "%nfinished in %.0f s on %s%nresults: %s, chart: %s%n", r.seconds, r.machine.describe(), json, png);
        out.flush();
        return failed ? 1 : 0;
    }

    /** Runs each selected experiment into {@code r}; returns whether any failed. */
    private static boolean runExperiments(BenchOptions options, PrintWriter out, BenchInfra infra, BenchReport r)
            throws Exception {
        BenchSize size = options.size();
        ReportPrinter print = new ReportPrinter(out);
        boolean failed = false;
        boolean analytics = options.runs(Experiment.STATE_TAX) || options.runs(Experiment.STATELESS);
        if (analytics) {
            out.println("\npreparing the state-tax workload:");
        }
        AnalyticsWorkload workload = analytics ? AnalyticsWorkload.prepare(infra, size.csvBytes(), out) : null;
        if (options.runs(Experiment.STATE_TAX)) {
            failed |= attempt(Experiment.STATE_TAX, out, () -> r.stateTax = stateTax(infra, workload, size, out));
        }
        if (options.runs(Experiment.STATELESS)) {
            out.println("\nstateless baseline:");
            failed |= attempt(Experiment.STATELESS, out, () -> r.stateless = StatelessBench.run(infra, workload, size.reps(), out));
        }
        if (r.stateTax != null) {
            print.stateTax(r.stateTax, r.stateless);
        } else if (r.stateless != null) {
            out.printf(Locale.ROOT, "  stateless (no cache): median %s%n", TargetCheck.ms(r.stateless.medianMs()));
        }
        // The decoded tables are garbage now; collect them so the next experiment does not pay for it.
        System.gc();
        if (options.runs(Experiment.REQUEST_PATH)) {
            out.println("\nrequest path (empty handler, warm):");
            failed |= attempt(Experiment.REQUEST_PATH, out, () -> {
                r.requestPath = RequestPathBench.run(infra, size.requestPathPerClient(), out);
                print.requestPath(r.requestPath);
            });
        }
        if (options.runs(Experiment.LOCALITY)) {
            out.println("\nlocality:");
            failed |= attempt(Experiment.LOCALITY, out, () -> {
                r.locality = LocalityBench.run(infra, size, out);
                print.locality(r.locality);
            });
        }
        if (options.runs(Experiment.PEER)) {
            out.println("\npeer:");
            failed |= attempt(Experiment.PEER, out, () -> {
                r.peer = PeerBench.run(infra, size.peerBytes(), size.peerReps(), options.redis(), out);
                print.peer(r.peer);
            });
        }
        if (options.runs(Experiment.DEV_START)) {
            out.println("\nmemrun dev, launch to healthy (fresh data directory):");
            failed |= attempt(Experiment.DEV_START, out, () -> r.devStart = DevStartBench.run(infra.dir(), options.size().devStarts(), out));
        }
        if (options.runs(Experiment.SERVICE)) {
            out.println("\nyour service:");
            failed |= attempt(Experiment.SERVICE, out, () -> {
                r.service = ServiceBench.run(infra, options.service().orElseThrow(), size, out);
                print.service(r.service);
            });
        }
        return failed;
    }

    /** The link the decode-while-arriving comparison simulates: a fast cloud VM's share of S3. */
    static final double ARRIVING_LINK_MBPS = 400;

    private static BenchReport.StateTax stateTax(BenchInfra infra, AnalyticsWorkload w, BenchSize size, PrintWriter out)
            throws Exception {
        out.println("\nstate tax (cold = new worker, empty caches; warm-disk = memory store emptied; warm-memory):");
        ColdWarmBench.Result requests;
        ColdPathBench.Result coldPath;
        try (OneWorkerPlatform p = OneWorkerPlatform.start(infra, w.service())) {
            requests = ColdWarmBench.run(p, w.request(), size.reps(), size.warmPerRep(), size.warmUpRequests(), out);
            out.println("  cold path: store bandwidth and " + size.concurrentCold() + " concurrent cold requests");
            out.flush();
            coldPath = ColdPathBench.run(infra, p, w, size.concurrentCold(), 3);
        }
        CacheLayerBench.Result layer;
        ArrivingDecodeBench.Result arriving;
        try (ObjectStore store = infra.objectStore()) {
            layer = CacheLayerBench.run(w.service(), w.request(), store, infra.dir().resolve("cache-layer"), HIT_BATCHES);
            arriving = ArrivingDecodeBench.run(w.service(), w.request(), store, infra.dir(), w.bytes(), ARRIVING_LINK_MBPS,
                    size.reps(), out);
        }
        return new BenchReport.StateTax(w.label(), w.bytes(), w.rows(), requests, layer, coldPath, arriving);
    }

    /** An experiment's body, which may fail. */
    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /** Runs one experiment; a failure is printed and reported as {@code true}, and the run goes on. */
    private static boolean attempt(Experiment e, PrintWriter out, Step step) {
        try {
            step.run();
            return false;
        } catch (Exception | OutOfMemoryError x) {
            out.println("  experiment " + e.cliName() + " failed: " + x);
            out.flush();
            return true;
        }
    }
}
