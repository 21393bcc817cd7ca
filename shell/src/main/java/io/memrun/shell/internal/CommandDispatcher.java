package io.memrun.shell.internal;

import io.memrun.shell.internal.commands.AgainCommand;
import io.memrun.shell.internal.commands.BenchCommand;
import io.memrun.shell.internal.commands.ExitCommand;
import io.memrun.shell.internal.commands.HelpCommand;
import io.memrun.shell.internal.commands.InfoCommand;
import io.memrun.shell.internal.commands.KillCommand;
import io.memrun.shell.internal.commands.LsCommand;
import io.memrun.shell.internal.commands.RestartCommand;
import io.memrun.shell.internal.commands.RmCommand;
import io.memrun.shell.internal.commands.SendCommand;
import io.memrun.shell.internal.commands.ServicesCommand;
import io.memrun.shell.internal.commands.UploadCommand;
import io.memrun.shell.internal.commands.WorkersCommand;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;

/**
 * Runs one shell line: splits it, finds the command, lets picocli parse its arguments, and turns
 * every failure into one line on the shell's writer. Nothing thrown here reaches the loop, so a
 * failed command never ends the session.
 */
public final class CommandDispatcher {
    /** What became of a line. */
    public enum Outcome { OK, FAILED, EXIT }

    private final ShellContext ctx;
    private final Map<String, CommandLine> commands = new LinkedHashMap<>();

    public CommandDispatcher(ShellContext ctx) {
        this.ctx = ctx;
        for (Object c : List.of(new SendCommand(ctx), new AgainCommand(ctx), new ServicesCommand(ctx),
                new WorkersCommand(ctx), new BenchCommand(ctx), new UploadCommand(ctx), new LsCommand(ctx),
                new RmCommand(ctx), new KillCommand(ctx), new RestartCommand(ctx), new InfoCommand(ctx),
                new HelpCommand(ctx, commands), new ExitCommand(ctx))) {
            CommandLine cl = configure(new CommandLine(c));
            commands.put(cl.getCommandName(), cl);
            for (String alias : cl.getCommandSpec().aliases()) {
                commands.put(alias, cl);
            }
        }
    }

    private CommandLine configure(CommandLine cl) {
        cl.setOut(ctx.out());
        cl.setErr(ctx.out());
        cl.setExpandAtFiles(false); // "@x" is a value here, not a file of arguments
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        cl.registerConverter(Duration.class, Formats::duration);
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            ctx.out().println(describe(e));
            return e instanceof InterruptedException ? 130 : 1;
        });
        cl.setParameterExceptionHandler((e, args) -> {
            ctx.out().println(e.getMessage());
            ctx.out().println("usage: " + e.getCommandLine().getHelp().synopsis(0).strip()
                    + "   (help " + e.getCommandLine().getCommandName() + " for more)");
            return 2;
        });
        return cl;
    }

    /** Command names and aliases, for completion. */
    public Set<String> names() {
        return commands.keySet();
    }

    /** Runs {@code line}; blank lines and {@code #} comments do nothing. */
    public Outcome execute(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return Outcome.OK;
        }
        List<String> words;
        try {
            words = LineSplitter.split(trimmed);
        } catch (IllegalArgumentException e) {
            ctx.out().println(e.getMessage());
            ctx.out().flush();
            return Outcome.FAILED;
        }
        CommandLine cl = commands.get(words.get(0));
        if (cl == null) {
            ctx.out().println("unknown command '" + words.get(0) + "'; `help` lists the commands");
            ctx.out().flush();
            return Outcome.FAILED;
        }
        int code = cl.execute(words.subList(1, words.size()).toArray(String[]::new));
        ctx.out().flush();
        if (ctx.exitRequested()) {
            return Outcome.EXIT;
        }
        return code == 0 ? Outcome.OK : Outcome.FAILED;
    }

    /** A failure as one line: the message of the cause that has one, never a stack trace. */
    static String describe(Throwable e) {
        if (e instanceof InterruptedException) {
            return "interrupted";
        }
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        if (m == null) {
            return t.getClass().getSimpleName();
        }
        String first = m.lines().findFirst().orElse(m);
        boolean ours = t instanceof java.io.IOException || t instanceof IllegalArgumentException
                || t instanceof IllegalStateException;
        return ours ? first : t.getClass().getSimpleName() + ": " + first;
    }
}
