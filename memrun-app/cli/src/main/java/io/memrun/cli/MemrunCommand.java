package io.memrun.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code memrun}: the root command. */
@Command(name = "memrun",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Stateful serverless for data-intensive handlers: sticky routing over Kafka, warm caches.",
        subcommands = {DevCommand.class, ShellCommand.class, WorkerCommand.class, CloudCommand.class, BenchCommand.class,
                picocli.CommandLine.HelpCommand.class})
final class MemrunCommand implements Runnable {
    @Option(names = {"-v", "--verbose"}, description = "More logging, and stack traces on errors.", scope = picocli.CommandLine.ScopeType.INHERIT)
    void verbose(boolean on) {
        Verbosity.set(on);
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
