package io.memrun.cli;

import io.memrun.bench.Bench;
import io.memrun.bench.BenchOptions;
import io.memrun.bench.BenchSize;
import io.memrun.bench.Experiment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code memrun bench}: the benchmark harness. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = {
        "Measure memrun on this machine, side by side in one run: starts its own embedded broker and store, runs the"
                + " experiments (state-tax, request-path, locality, peer, stateless; or your own service), prints medians"
                + " and ratios against the SPEC's targets, and writes results.json and a chart, results.png.",
        "packaging/bench.sh runs it with a Redis for the peer experiment (installing redis-server if it may)."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "A small size for a smoke run (under 2 minutes): a 64 MiB CSV, fewer repetitions.")
    boolean quick;

    @Option(names = "--large", description = "The state-tax experiment on a 2 GiB CSV (the SPEC's cold-load target). Needs a large heap:"
            + " packaging/bench.sh gives it -Xms12g -Xmx12g.")
    boolean large;

    @Option(names = "--out", defaultValue = "bench-results", description = "Where results.json and results.png go. Default: ${DEFAULT-VALUE}")
    Path out;

    @Option(names = "--experiments", paramLabel = "LIST", description = "Comma-separated: state-tax, request-path, locality, peer,"
            + " stateless, dev-start, service, or all. Default: all (or service, with --service-artifact).")
    String experiments;

    @Option(names = "--service-artifact", paramLabel = "PATH", description = "Your service (a jar, classes directory or Java"
            + " sources, as memrun dev takes), measured cold vs warm with --request.")
    Path serviceArtifact;

    @Option(names = "--request", paramLabel = "JSON", description = "The request to send to your service: JSON, or @file.")
    String request;

    @Option(names = "--upload", paramLabel = "s3://BUCKET/KEY=FILE", description = "Put a local file into the run's object store"
            + " before your service runs (repeatable).")
    List<String> uploads = List.of();

    @Option(names = "--redis", paramLabel = "HOST:PORT", description = "A running Redis for the peer experiment. Default: start"
            + " redis-server from the PATH for the run, or skip the comparison if there is none.")
    String redis;

    @Option(names = "--compare", paramLabel = "OLD.json", description = "Print every figure of this run beside the same figure"
            + " of an earlier run's results.json, marking what moved beyond the noise between two runs of one build.")
    Path compare;

    @Option(names = "--against", paramLabel = "NEW.json", description = "With --compare: compare two results.json files"
            + " without running anything.")
    Path against;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (against != null) {
            if (compare == null) {
                throw new ParameterException(spec.commandLine(), "--against goes with --compare OLD.json");
            }
            try {
                Bench.compare(compare, against, spec.commandLine().getOut());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            return 0;
        }
        if (compare != null && !Files.isRegularFile(compare)) {
            throw new ParameterException(spec.commandLine(), "--compare: " + compare + " is not a file (give an earlier"
                    + " run's results.json)");
        }
        try {
            return Bench.run(options(), spec.commandLine().getOut());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    BenchOptions options() throws Exception {
        if (quick && large) {
            throw new ParameterException(spec.commandLine(), "--quick and --large exclude each other");
        }
        BenchSize size = quick ? BenchSize.quick() : large ? BenchSize.large() : BenchSize.standard();
        Optional<BenchOptions.UserService> service = Optional.empty();
        if (serviceArtifact != null) {
            if (request == null) {
                throw new ParameterException(spec.commandLine(), "--service-artifact needs --request with the JSON to send");
            }
            String json = request.startsWith("@") ? Files.readString(Path.of(request.substring(1))) : request;
            service = Optional.of(new BenchOptions.UserService(serviceArtifact, json, parseUploads()));
        } else if (request != null || !uploads.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--request and --upload go with --service-artifact");
        }
        Set<Experiment> which;
        try {
            which = experiments != null ? Experiment.parseList(experiments)
                    : service.isPresent() ? EnumSet.of(Experiment.SERVICE) : Experiment.defaults();
            return new BenchOptions(size, out, which, service, Optional.ofNullable(redis), Optional.ofNullable(compare));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private Map<String, Path> parseUploads() {
        Map<String, Path> out = new LinkedHashMap<>();
        for (String u : uploads) {
            int eq = u.indexOf('=');
            if (!u.startsWith("s3://") || eq < 0) {
                throw new ParameterException(spec.commandLine(), "--upload takes s3://bucket/key=FILE, was '" + u + "'");
            }
            Path file = Path.of(u.substring(eq + 1));
            if (!Files.isRegularFile(file)) {
                throw new ParameterException(spec.commandLine(), "--upload: " + file + " is not a file");
            }
            out.put(u.substring(0, eq), file);
        }
        return out;
    }
}
