package io.memrun.shell.internal.commands;

import io.memrun.shell.internal.ShellContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code exit}: leave the shell (Ctrl-D does the same). */
@Command(name = "exit", header = "Leave the shell (Ctrl-D does the same).", aliases = "quit", description = "Leave the shell (Ctrl-D does the same).")
public final class ExitCommand implements Callable<Integer> {
    private final ShellContext ctx;

    public ExitCommand(ShellContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ctx.requestExit();
        return 0;
    }
}
