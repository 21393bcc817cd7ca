package io.memrun.shell.internal;

import io.memrun.shell.ShellSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;

/**
 * The shell on a terminal: a jline prompt with history and completion. Ctrl-C cancels the line
 * being typed, or interrupts the running command; Ctrl-D on an empty line leaves; a failed
 * command prints one line and the prompt comes back.
 */
public final class InteractiveLoop {
    private InteractiveLoop() {
    }

    /** Runs until {@code exit} or Ctrl-D; the caller owns (and closes) {@code terminal}. */
    public static int run(ShellSettings settings, Terminal terminal) throws IOException {
        PrintWriter out = terminal.writer();
        try (ShellContext ctx = new ShellContext(settings, out, ProgressDisplay.bar(out, Math.max(terminal.getWidth(), 80)))) {
            CommandDispatcher commands = new CommandDispatcher(ctx);
            DefaultParser parser = new DefaultParser();
            parser.setEofOnUnclosedQuote(true); // an open quote continues on the next line instead of failing
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("memrun")
                    .parser(parser)
                    .completer(new ShellCompleter(ctx, commands))
                    .variable(LineReader.HISTORY_FILE, settings.historyFile())
                    .variable(LineReader.HISTORY_SIZE, 1000)
                    // '!' and '^' are ordinary characters in request values, not history expansions.
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                    .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
                    .build();
            greet(ctx, out);
            while (true) {
                String line;
                try {
                    line = reader.readLine("memrun> ");
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C: drop the line, new prompt
                } catch (EndOfFileException e) {
                    out.println();
                    break; // Ctrl-D
                }
                if (runInterruptibly(terminal, commands, line) == CommandDispatcher.Outcome.EXIT) {
                    break;
                }
            }
            reader.getHistory().save();
            out.flush();
        }
        return 0;
    }

    /** Runs a command with Ctrl-C bound to interrupting it, so a slow call or a bench can be stopped. */
    private static CommandDispatcher.Outcome runInterruptibly(Terminal terminal, CommandDispatcher commands, String line) {
        Thread runner = Thread.currentThread();
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> runner.interrupt());
        try {
            return commands.execute(line);
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
            Thread.interrupted(); // a Ctrl-C that came after the command finished must not hit the next prompt
        }
    }

    private static void greet(ShellContext ctx, PrintWriter out) {
        String where = ctx.gateway().base().toString();
        try {
            Optional<PlatformInfo> info = ctx.gateway().info();
            int services = ctx.services().size();
            out.println("memrun shell: connected to " + where
                    + info.map(i -> " (memrun " + i.version() + ", " + i.mode() + " mode)").orElse("")
                    + ", " + services + " service" + (services == 1 ? "" : "s") + ". `help` lists commands; Tab completes.");
        } catch (IOException e) {
            out.println("memrun shell: " + e.getMessage());
            out.println("(commands will try again; `help` lists them)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.flush();
    }
}
