package io.memrun.shell.internal.commands;

import io.memrun.shell.internal.ShellContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code restart}: bring a local worker back; its disk cache survives, so it comes back warm. */
@Command(name = "restart", header = "Restart a local worker; its disk cache survives (memrun dev).", description = {"Restart a local worker (memrun dev only). It rejoins the group, gets partitions",
        "back, and finds its disk cache where it left it."},
        footer = {"", "Example:", "  restart analytics-engine-w0"})
public final class RestartCommand implements Callable<Integer> {
    @Parameters(paramLabel = "WORKER", description = "The worker's id, as `workers` lists it.")
    String worker;

    private final ShellContext ctx;

    public RestartCommand(ShellContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        return WorkerControl.run(ctx, worker, "restart");
    }
}
