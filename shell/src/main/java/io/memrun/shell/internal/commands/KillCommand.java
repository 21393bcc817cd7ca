package io.memrun.shell.internal.commands;

import io.memrun.shell.internal.ShellContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kill}: crash a local worker, to watch its partitions move and cost only cache misses. */
@Command(name = "kill", header = "Kill a local worker, as a crash would (memrun dev).", description = {"Kill a local worker (memrun dev only), as a crash would. Its partitions move to the",
        "other workers; requests keep being answered, from colder caches. `workers SERVICE` shows the move."},
        footer = {"", "Example:", "  kill analytics-engine-w0"})
public final class KillCommand implements Callable<Integer> {
    @Parameters(paramLabel = "WORKER", description = "The worker's id, as `workers` lists it.")
    String worker;

    private final ShellContext ctx;

    public KillCommand(ShellContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        return WorkerControl.run(ctx, worker, "kill");
    }
}
