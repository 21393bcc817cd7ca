package io.memrun.shell.internal.commands;

import io.memrun.shell.internal.PlatformInfo;
import io.memrun.shell.internal.ShellContext;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code info}: what the shell is connected to. */
@Command(name = "info", header = "Show version, mode, object store and broker of the platform.", description = "Show the platform the shell talks to: version, mode, object store, broker.")
public final class InfoCommand implements Callable<Integer> {
    private final ShellContext ctx;

    public InfoCommand(ShellContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        ctx.out().println("gateway       " + ctx.gateway().base());
        Optional<PlatformInfo> info = ctx.gateway().info();
        if (info.isEmpty()) {
            ctx.out().println("(this gateway has no GET /v1/info: version, mode and object store unknown)");
            return 0;
        }
        PlatformInfo i = info.get();
        ctx.out().println("version       " + i.version());
        ctx.out().println("mode          " + i.mode());
        ctx.out().println("object store  " + i.objectStore().map(Object::toString).orElse("-") + " (" + i.region() + ")");
        ctx.out().println("kafka         " + (i.kafka().isEmpty() ? "-" : i.kafka()));
        return 0;
    }
}
