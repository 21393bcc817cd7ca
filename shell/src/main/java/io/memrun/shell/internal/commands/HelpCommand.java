package io.memrun.shell.internal.commands;

import io.memrun.shell.internal.ShellContext;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code help}: the command list, or one command's usage. */
@Command(name = "help", header = "List the commands, or explain one.", description = "List the commands, or show how to use one.",
        footer = {"", "Examples:", "  help", "  help send"})
public final class HelpCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "COMMAND", description = "The command to explain.")
    String command;

    private final ShellContext ctx;
    private final Map<String, CommandLine> commands;

    /** @param commands the shell's commands by name; read when help runs, so it may be filled later */
    public HelpCommand(ShellContext ctx, Map<String, CommandLine> commands) {
        this.ctx = ctx;
        this.commands = commands;
    }

    @Override
    public Integer call() throws IOException {
        if (command != null) {
            CommandLine cl = commands.get(command);
            if (cl == null) {
                throw new IOException("no command '" + command + "'; `help` lists them");
            }
            cl.usage(ctx.out());
            return 0;
        }
        ctx.out().println("Commands (help COMMAND for details; Tab completes commands, services and fields):");
        commands.forEach((name, cl) -> {
            if (cl.getCommandName().equals(name)) {
                String[] header = cl.getCommandSpec().usageMessage().header();
                ctx.out().printf("  %-9s %s%n", name, header.length == 0 ? "" : header[0]);
            }
        });
        ctx.out().println("Ctrl-C cancels the line or the running command; Ctrl-D or exit leaves.");
        return 0;
    }
}
