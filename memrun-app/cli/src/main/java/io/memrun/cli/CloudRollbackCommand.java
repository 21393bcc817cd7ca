package io.memrun.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memrun.runtime.json.Json;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code memrun cloud rollback SERVICE [--to REVISION]}: a deploy of an earlier revision's artifact. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Deploy an earlier revision again (the one before the current, or --to), by the same rolling warm handoff.")
final class CloudRollbackCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;

    @Option(names = "--to", paramLabel = "REVISION", description = "The revision whose artifact to run again.")
    Integer to;

    @Mixin
    WaitOptions wait = new WaitOptions();

    @Mixin
    SchedulerClient client = new SchedulerClient();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        ObjectNode req = Json.mapper().createObjectNode();
        if (to != null) {
            req.put("revision", to);
        }
        JsonNode d = client.post("/v1/cloud/services/" + service + "/rollback", req);
        out.printf("rolling %s back: new revision %d runs an earlier revision's artifact (see status --events)%n", service,
                d.path("revision").asInt());
        out.flush();
        return wait.await(client, out, service, d.path("revision").asInt(), d.path("workers").asInt(), t0) ? 0 : 1;
    }
}
