package io.memrun.cli;

import io.memrun.runtime.json.Json;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code memrun cloud token create --invoke SERVICE}. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Create an invoke-only token for one service (printed once; the scheduler keeps only its hash).")
final class CloudTokenCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "create")
    String action;

    @Option(names = "--invoke", required = true, paramLabel = "SERVICE", description = "The service the token may invoke.")
    String service;

    @Mixin
    SchedulerClient client = new SchedulerClient();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!action.equals("create")) {
            throw new ParameterException(spec.commandLine(), "the only action is `create`");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(client.post("/v1/cloud/tokens", Json.mapper().createObjectNode().put("invoke", service)).path("token").asText());
        return 0;
    }
}
