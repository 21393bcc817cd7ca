package io.memrun.cli;

import io.memrun.shell.MemrunShell;
import io.memrun.shell.ShellSettings;
import java.io.PrintWriter;
import java.io.Reader;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code memrun shell}: the interactive shell against a running memrun. On a terminal it prompts,
 * with history and completion; with standard input redirected it runs one command per line and
 * exits 1 if any failed, so it can be scripted.
 */
@Command(name = "shell", mixinStandardHelpOptions = true, description = {
        "Interactive shell against a running memrun: send keyed requests and see worker, partition,",
        "cache hit/miss and timing; list services and workers; upload, list and remove objects; bench;",
        "kill and restart local workers (dev mode). Type `help` inside for the commands.",
        "With standard input not a terminal, runs one command per line; exit code 1 if any failed."})
final class ShellCommand implements Callable<Integer> {
    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "The memrun gateway. Default: ${DEFAULT-VALUE}")
    URI url;

    @Option(names = "--s3-endpoint", description = "The object store for upload/ls/rm. Default: the one the gateway names in GET /v1/info.")
    URI s3Endpoint;

    @Option(names = "--s3-region", defaultValue = "us-east-1", description = "Signing region for --s3-endpoint. Default: ${DEFAULT-VALUE}")
    String s3Region;

    @Option(names = "--s3-access-key", defaultValue = "${env:MEMRUN_S3_ACCESS_KEY:-minioadmin}",
            description = "Object store access key (env MEMRUN_S3_ACCESS_KEY). Default: minioadmin")
    String s3AccessKey;

    // Only from the environment: a secret on the command line ends up in ps and shell history.
    private final String s3SecretKey = System.getenv().getOrDefault("MEMRUN_S3_SECRET_KEY", "minioadmin");

    @Spec
    CommandSpec spec;

    /** Commands to run instead of standard input's; tests pass a script here. */
    private final Optional<Reader> script;

    /** Reads standard input: a terminal gets the interactive shell, anything else runs as a script. */
    ShellCommand() {
        this.script = Optional.empty();
    }

    /** Runs {@code script} as the scripted shell (stdin left alone), the way tests drive it. */
    ShellCommand(Reader script) {
        this.script = Optional.of(script);
    }

    @Override
    public Integer call() throws Exception {
        ShellSettings settings = ShellSettings.of(url).withRegion(s3Region).withCredentials(s3AccessKey, s3SecretKey);
        if (s3Endpoint != null) {
            settings = settings.withObjectStore(s3Endpoint);
        }
        PrintWriter out = spec.commandLine().getOut();
        return script.isPresent() ? MemrunShell.runScript(settings, script.get(), out) : MemrunShell.run(settings, out);
    }
}
