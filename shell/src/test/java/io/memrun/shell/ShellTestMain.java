package io.memrun.shell;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;

/**
 * What {@code memrun shell} does, for tests that run the shell in a real pseudo-terminal (tmux):
 * {@code ShellTestMain <gateway url> <history file>}.
 */
public final class ShellTestMain {
    private ShellTestMain() {
    }

    public static void main(String[] args) throws Exception {
        ShellSettings settings = ShellSettings.of(URI.create(args[0])).withHistoryFile(Path.of(args[1]));
        PrintWriter out = new PrintWriter(System.out, true);
        int code = MemrunShell.run(settings, out);
        out.println("[shell exited with " + code + "]");
        out.flush();
    }
}
