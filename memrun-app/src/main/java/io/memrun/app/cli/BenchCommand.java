package io.memrun.app.cli;

import io.memrun.app.bench.Bench;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code memrun bench}: the benchmark harness. */
@Command(name = "bench", description = {
        "Measure memrun on this machine: starts its own embedded broker and store, runs the experiments,",
        "prints a table of medians and ratios and writes JSON."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "A small size for a smoke run (well under 2 minutes).")
    boolean quick;

    @Option(names = "--out", defaultValue = "bench-results", description = "Where results go. Default: ${DEFAULT-VALUE}")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return Bench.run(quick, out, spec.commandLine().getOut());
    }
}
