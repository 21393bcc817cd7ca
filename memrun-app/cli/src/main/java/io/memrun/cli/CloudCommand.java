package io.memrun.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code memrun cloud}: the scheduler that provisions Hetzner workers, and the commands that drive it. */
@Command(name = "cloud", mixinStandardHelpOptions = true,
        description = {"Cloud mode: a scheduler that provisions Hetzner Cloud servers running memrun workers on your",
                "Kafka cluster and S3 store. Rehearse locally first: `memrun cloud up --local`, then",
                "`memrun cloud deploy --workers 2` and `memrun cloud status` in another terminal."},
        subcommands = {CloudUpCommand.class, CloudDeployCommand.class, CloudStatusCommand.class, CloudScaleCommand.class,
                CloudDestroyCommand.class, CloudPromoteCommand.class, CloudRollbackCommand.class, CloudLogsCommand.class,
                CloudTokenCommand.class,
                CloudSimCommand.class})
final class CloudCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a subcommand: up, deploy, status, scale, destroy, token, sim");
    }
}
