package io.memrun.cli;

import io.memrun.runtime.json.Json;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code memrun cloud promote SERVICE}: a paused canary rolls out to the other slots. */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = "Continue a canary deploy: the other slots move to the new revision, one at a time, each warmed first.")
final class CloudPromoteCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;

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
        client.post("/v1/cloud/services/" + service + "/promote", Json.mapper().createObjectNode());
        out.println("promoting " + service);
        out.flush();
        var svc = client.serviceStatus(service, 0);
        return wait.await(client, out, service, svc.path("revision").asInt(), svc.path("workers").asInt(), t0) ? 0 : 1;
    }
}
