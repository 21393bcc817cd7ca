package io.memrun.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code memrun cloud destroy SERVICE | --all [--delete-topics]}. */
@Command(name = "destroy", mixinStandardHelpOptions = true,
        description = "Remove a service (or all): drain and delete its servers; with --delete-topics, its Kafka topics too.")
final class CloudDestroyCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "SERVICE")
    String service;

    @Option(names = "--all", description = "Every service.")
    boolean all;

    @Option(names = "--delete-topics", description = "Also delete the services' request topics (unanswered requests are lost).")
    boolean deleteTopics;

    @Option(names = "--no-wait", description = "Return once the scheduler accepted it.")
    boolean noWait;

    @Option(names = "--timeout", defaultValue = "PT10M", description = "How long to wait (ISO-8601). Default: ${DEFAULT-VALUE}")
    Duration timeout;

    @Mixin
    SchedulerClient client = new SchedulerClient();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (all == (service != null)) {
            throw new ParameterException(spec.commandLine(), "give a SERVICE or --all");
        }
        String q = deleteTopics ? "delete_topics=true" : "";
        JsonNode r = all ? client.delete("/v1/cloud/services?all=true" + (q.isEmpty() ? "" : "&" + q))
                : client.delete("/v1/cloud/services/" + service + (q.isEmpty() ? "" : "?" + q));
        if (all && r.path("destroying").isEmpty()) {
            out.println("nothing to destroy");
            return 0;
        }
        out.println("destroying " + r.path("destroying"));
        out.flush();
        if (noWait) {
            return 0;
        }
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            JsonNode status = client.get("/v1/cloud/status?events=0" + (all ? "" : "&service=" + service));
            int servers = 0;
            for (JsonNode s : status.path("services")) {
                servers += s.path("servers").size();
            }
            if (status.path("services").isEmpty()) {
                out.println("destroyed");
                return 0;
            }
            out.println("  " + status.path("services").size() + " service(s), " + servers + " server(s) left");
            out.flush();
            Thread.sleep(2000);
        }
        out.println("not finished after " + timeout.toSeconds() + " s: see memrun cloud status");
        return 1;
    }
}
