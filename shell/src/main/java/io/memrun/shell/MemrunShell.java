package io.memrun.shell;

import io.memrun.shell.internal.InteractiveLoop;
import io.memrun.shell.internal.ScriptLoop;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The memrun shell: a client of a running memrun's gateway (and of its object store) that sends
 * keyed requests, shows who served them and where the time went, lists services and workers,
 * moves objects, runs small load tests, and in dev mode kills and restarts workers.
 *
 * <p>Two ways to run it. On a terminal ({@link #runOnTerminal}): a prompt with history (in
 * {@link ShellSettings#historyFile()}), Tab completion of commands, services and request fields,
 * progress bars; Ctrl-C cancels the line or the running command, Ctrl-D leaves. From a script
 * ({@link #runScript}): one command per line, plain output, every line runs, and the result is 0
 * only if every command succeeded. {@link #run} picks by whether standard input is a terminal.
 *
 * <p>Nothing here calls {@code System.exit}; the caller turns the result into an exit code.
 */
public final class MemrunShell {
    private MemrunShell() {
    }

    /**
     * Runs on this process's terminal when standard input is one, else as a script over
     * standard input, writing to {@code out}.
     *
     * @return 0 on success; 1 if a scripted command failed
     * @throws IOException if the terminal cannot be set up
     */
    public static int run(ShellSettings settings, PrintWriter out) throws IOException {
        if (stdinIsTerminal()) {
            try (Terminal terminal = TerminalBuilder.builder().system(true).name("memrun").build()) {
                return runOnTerminal(settings, terminal);
            }
        }
        return runScript(settings, new InputStreamReader(System.in, StandardCharsets.UTF_8), out);
    }

    /**
     * The interactive shell on {@code terminal} (the system terminal, or a {@code DumbTerminal}
     * over streams in tests), until {@code exit} or Ctrl-D. The caller owns and closes the terminal.
     *
     * @return 0
     */
    public static int runOnTerminal(ShellSettings settings, Terminal terminal) throws IOException {
        return InteractiveLoop.run(settings, terminal);
    }

    /**
     * The scripted shell: runs each line of {@code in} as a command until its end or {@code exit};
     * blank lines and lines starting with {@code #} are skipped. A failing command prints one line
     * to {@code out} and the next line still runs.
     *
     * @return 0 if every command succeeded, 1 if any failed
     */
    public static int runScript(ShellSettings settings, Reader in, PrintWriter out) throws IOException {
        return ScriptLoop.run(settings, in instanceof BufferedReader b ? b : new BufferedReader(in), out);
    }

    /**
     * Whether standard input and output are a terminal, so that the interactive shell makes sense.
     * On JDK 22+ {@code System.console()} is non-null even when redirected, so this asks
     * {@code Console.isTerminal()} where it exists.
     */
    public static boolean stdinIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // JDK 21: a console exists only when attached to a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
