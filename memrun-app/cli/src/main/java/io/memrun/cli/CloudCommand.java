package io.memrun.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code memrun cloud}: not built yet. */
@Command(name = "cloud", mixinStandardHelpOptions = true, description = "Cloud mode: the scheduler and `cloud deploy` (not built yet).")
final class CloudCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", description = "Cloud subcommand and its arguments.")
    java.util.List<String> args;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("memrun cloud is not built yet: the scheduler, Hetzner provisioning and"
                + " `memrun cloud deploy` are planned. Use `memrun dev` locally.");
        return 2;
    }
}
