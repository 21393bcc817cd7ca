package io.memrun.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.memrun.runtime.json.Json;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code memrun cloud status}: services, revisions, slots, servers, heartbeats, partitions. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Services, revisions, slots and servers (Hetzner status, type, hourly price), heartbeat age, partitions.")
final class CloudStatusCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "SERVICE", description = "Only this service.")
    String service;

    @Option(names = "--json", description = "The scheduler's JSON, as is.")
    boolean json;

    @Option(names = "--events", defaultValue = "5", arity = "0..1", fallbackValue = "100",
            description = "How many recent events per service (a rollout step by step); alone: 100. Default: ${DEFAULT-VALUE}")
    int events;

    @Mixin
    SchedulerClient client = new SchedulerClient();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        JsonNode status = client.get("/v1/cloud/status?events=" + events + (service == null ? "" : "&service=" + service));
        if (json) {
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(status));
            return 0;
        }
        out.println("cluster " + status.path("cluster").asText() + " on " + status.path("hetzner_api").asText());
        if (!status.path("last_round_error").asText().isEmpty()) {
            out.println("  last reconcile round failed: " + status.path("last_round_error").asText());
        }
        if (status.path("services").isEmpty()) {
            out.println(service == null ? "no services: memrun cloud deploy [ARTIFACT] --workers N"
                    : "no service named " + service);
            return service == null ? 0 : 1;
        }
        for (JsonNode s : status.path("services")) {
            out.printf("%s  revision %d  %d/%d serving  %s  partitions %d  sticky key %s  artifact %s%n", s.path("name").asText(),
                    s.path("revision").asInt(), s.path("serving").asInt(), s.path("workers").asInt(), s.path("state").asText(),
                    s.path("partitions").asInt(), s.path("sticky_key").asText(), s.path("artifact").asText());
            JsonNode r = s.path("rollout");
            if (!r.isMissingNode()) {
                out.printf("  rollout %d -> %d: %s%s%s%n", r.path("from_revision").asInt(), r.path("to_revision").asInt(),
                        r.path("state").asText(), r.path("canary").asBoolean() ? " (canary)" : "",
                        r.path("reason").asText().isEmpty() ? "" : ": " + r.path("reason").asText());
            }
            for (JsonNode v : s.path("servers")) {
                out.printf("  %-4s %-40s %-12s %-6s %8s EUR/h  rev %d  worker %-8s %-10s heartbeat %s  partitions %s%s%n",
                        v.path("slot").asText(), v.path("server").asText(), v.path("status").asText(), v.path("type").asText(),
                        v.path("hourly_eur").asText("?"), v.path("revision").asInt(), v.path("worker").asText(),
                        v.path("phase").asText(""),
                        v.has("heartbeat_age_s") ? String.format("%.1fs ago", v.path("heartbeat_age_s").asDouble()) : "-",
                        v.path("partitions").toString(), v.has("warmup") ? "  warmup " + v.path("warmup").asText() : "");
            }
            for (JsonNode e : s.path("events")) {
                out.println("  " + e.path("at").asText() + "  " + e.path("message").asText());
            }
        }
        return 0;
    }
}
