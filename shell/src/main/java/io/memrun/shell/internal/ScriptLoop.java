package io.memrun.shell.internal;

import io.memrun.shell.ShellSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * The shell without a terminal: one command per line from a reader, plain output, no prompt and
 * no progress bars. Every line runs even after a failure (as {@code sh} without {@code -e}); the
 * result says whether all succeeded.
 */
public final class ScriptLoop {
    private ScriptLoop() {
    }

    /**
     * Runs every line of {@code in} until its end or {@code exit}.
     *
     * @return 0 if every command succeeded, 1 if any failed
     */
    public static int run(ShellSettings settings, BufferedReader in, PrintWriter out) throws IOException {
        boolean failed = false;
        try (ShellContext ctx = new ShellContext(settings, out, ProgressDisplay.none())) {
            CommandDispatcher commands = new CommandDispatcher(ctx);
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                CommandDispatcher.Outcome o = commands.execute(line);
                if (o == CommandDispatcher.Outcome.FAILED) {
                    failed = true;
                } else if (o == CommandDispatcher.Outcome.EXIT) {
                    break;
                }
            }
        } finally {
            out.flush();
        }
        return failed ? 1 : 0;
    }
}
