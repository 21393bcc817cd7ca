package io.memrun.cli;

import io.memrun.runtime.json.Json;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code memrun cloud scale SERVICE N}. */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = "Set a service's worker count. Servers leave only after their worker drained and left the group.")
final class CloudScaleCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;

    @Parameters(index = "1", paramLabel = "N", description = "Workers.")
    int workers;

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
        client.post("/v1/cloud/services/" + service + "/scale", Json.mapper().createObjectNode().put("workers", workers));
        out.println("scaling " + service + " to " + workers + " worker(s)");
        out.flush();
        if (wait.noWait) {
            return 0;
        }
        int revision = client.serviceStatus(service, 0).path("revision").asInt();
        long until = System.nanoTime() + wait.timeout.toNanos();
        if (!wait.await(client, out, service, revision, workers, t0)) {
            return 1;
        }
        // Scale-in: wait until the extra servers are gone too.
        while (System.nanoTime() < until) {
            int servers = client.serviceStatus(service, 0).path("servers").size();
            if (servers <= workers) {
                out.println(service + ": " + servers + " server(s)");
                return 0;
            }
            Thread.sleep(1000);
        }
        out.println(service + ": extra servers still draining after " + wait.timeout.toSeconds() + " s");
        return 1;
    }
}
