package io.memrun.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code memrun cloud logs SERVICE [--worker SLOT] [-f]}: the workers' log lines, as the scheduler collected them. */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Show (and with -f follow) the log lines of a service's workers, shipped through Kafka.")
final class CloudLogsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;

    @Option(names = "--worker", paramLabel = "SLOT", description = "Only this slot's workers, e.g. s0.")
    String worker;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until interrupted.")
    boolean follow;

    @Option(names = {"-n", "--lines"}, defaultValue = "100", description = "How many recent lines to show first. Default: ${DEFAULT-VALUE}")
    int lines;

    @Mixin
    SchedulerClient client = new SchedulerClient();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String slot = worker == null ? "" : "&worker=" + (worker.startsWith("s") ? worker : "s" + worker);
        long last = print(out, client.get("/v1/cloud/services/" + service + "/logs?limit=" + Math.max(1, lines) + slot), 0);
        while (follow) {
            Thread.sleep(1000);
            last = print(out, client.get("/v1/cloud/services/" + service + "/logs?limit=1000&after=" + last + slot), last);
        }
        return 0;
    }

    /** Prints the lines; returns the last id seen. */
    private static long print(PrintWriter out, JsonNode page, long last) {
        for (JsonNode l : page.path("lines")) {
            // The server too: during a rollout two servers of one slot log side by side.
            out.printf("%s %s %s %-5s %s%n", l.path("at").asText(), l.path("slot").asText(), l.path("server").asText(),
                    l.path("level").asText(), l.path("line").asText());
            last = Math.max(last, l.path("id").asLong());
        }
        out.flush();
        return last;
    }
}
