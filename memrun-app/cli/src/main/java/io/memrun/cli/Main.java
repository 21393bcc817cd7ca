package io.memrun.cli;

import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;

/** The {@code memrun} executable. The only place that calls {@code System.exit}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // Helidon logs through java.util.logging; route it to the one backend.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(commandLine().execute(args));
    }

    /** The command tree, for tests to drive with {@code execute(args)}. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new MemrunCommand());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("memrun: " + CliErrors.describe(ex));
            return 1;
        });
        return cl;
    }
}
