package io.memrun.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code memrun shell}: not built yet. */
@Command(name = "shell", description = "Interactive shell against a running memrun (not built yet).")
final class ShellCommand implements Callable<Integer> {
    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "The memrun gateway. Default: ${DEFAULT-VALUE}")
    String url;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("memrun shell is not built yet (it is planned: issue #5)."
                + " Meanwhile use curl against " + url + ", e.g. curl " + url + "/v1/services");
        return 2;
    }
}
