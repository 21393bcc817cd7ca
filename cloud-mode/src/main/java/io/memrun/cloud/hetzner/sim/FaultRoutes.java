package io.memrun.cloud.hetzner.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;

/**
 * The fault hooks and the sim's own views, under {@code /_sim} (JSON in and out, no token, loopback
 * clients only). See {@link HetznerSim} for the list.
 */
final class FaultRoutes {
    private final SimState state;
    private final ServerPower power;
    private final Faults faults;
    private final RateLimiter limiter;
    private final CallLog calls;

    FaultRoutes(SimState state, ServerPower power, Faults faults, RateLimiter limiter, CallLog calls) {
        this.state = state;
        this.power = power;
        this.faults = faults;
        this.limiter = limiter;
        this.calls = calls;
    }

    void register(HttpRouting.Builder r) {
        r.get("/_sim/servers", this::servers)
                .post("/_sim/servers/{id}/{fault}", this::serverFault)
                .get("/_sim/errors", (req, res) -> ApiResponses.json(res, 200, errors()))
                .post("/_sim/errors", this::injectError)
                .delete("/_sim/errors", (req, res) -> {
                    faults.clearErrors();
                    ApiResponses.json(res, 200, errors());
                })
                .post("/_sim/action_errors", this::actionErrors)
                .get("/_sim/rate_limit", (req, res) -> ApiResponses.json(res, 200, rate(limiter.peek())))
                .post("/_sim/rate_limit", this::rateLimit)
                .get("/_sim/boot_delay", (req, res) -> ApiResponses.json(res, 200, bootDelay()))
                .post("/_sim/boot_delay", this::setBootDelay)
                .get("/_sim/calls", this::calls)
                .delete("/_sim/calls", (req, res) -> {
                    calls.clear();
                    ApiResponses.json(res, 200, JsonNodeFactory.instance.objectNode().putArray("calls"));
                });
    }

    private void servers(ServerRequest req, ServerResponse res) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        var list = body.putArray("servers");
        for (SimServer s : state.servers()) {
            ObjectNode n = list.addObject();
            synchronized (state) {
                n.put("id", s.id);
                n.put("name", s.name);
                n.put("status", s.status.text());
            }
            n.put("fs_root", s.vm.fs().root().toString());
            n.put("console_log", s.vm.consoleLog().toString());
            n.put("boot_failure", s.vm.bootFailure());
            var processes = s.vm.processes();
            long pid = processes.stream().mapToLong(Units.ProcessInfo::pid).filter(p -> p > 0).findFirst().orElse(-1);
            if (pid > 0) {
                n.put("pid", pid);
            } else {
                n.putNull("pid");
            }
            var procs = n.putArray("processes");
            for (Units.ProcessInfo p : processes) {
                procs.addObject().put("unit", p.unit()).put("pid", p.pid()).put("starts", p.starts());
            }
        }
        ApiResponses.json(res, 200, body);
    }

    private void serverFault(ServerRequest req, ServerResponse res) {
        long id = ServerRoutes.id(req, "id");
        String fault = req.path().pathParameters().get("fault");
        switch (fault) {
            case "crash" -> power.crash(id);
            case "remove" -> power.remove(id);
            case "hang" -> state.server(id).vm.signal("STOP");
            case "resume" -> state.server(id).vm.signal("CONT");
            default -> throw HetznerError.notFound("fault '" + fault + "' (crash, hang, resume, remove)");
        }
        ApiResponses.json(res, 200, JsonNodeFactory.instance.objectNode().put("server", id).put("fault", fault));
    }

    private void injectError(ServerRequest req, ServerResponse res) {
        ObjectNode in = ApiResponses.body(req);
        int status = intField(in, "status", 503, 400, 599);
        String code = in.path("code").asText(status == 429 ? "rate_limit_exceeded" : "unavailable");
        faults.inject(new Faults.InjectedError(in.path("method").asText("*"), in.path("path_prefix").asText("/v1/"),
                intField(in, "count", 1, 1, 1_000_000), status, code,
                in.path("message").asText("injected by the sim: " + code)));
        ApiResponses.json(res, 200, errors());
    }

    private void actionErrors(ServerRequest req, ServerResponse res) {
        ObjectNode in = ApiResponses.body(req);
        faults.failActions(in.path("command").asText("create_server"), intField(in, "count", 1, 1, 1_000_000));
        ApiResponses.json(res, 200, errors());
    }

    private void rateLimit(ServerRequest req, ServerResponse res) {
        ObjectNode in = ApiResponses.body(req);
        RateLimiter.Decision d = limiter.peek();
        if (in.has("limit")) {
            d = limiter.setLimit(intField(in, "limit", 1, 1, Integer.MAX_VALUE));
        }
        if (in.has("remaining")) {
            d = limiter.setRemaining(intField(in, "remaining", 0, 0, Integer.MAX_VALUE));
        }
        ApiResponses.json(res, 200, rate(d));
    }

    private void setBootDelay(ServerRequest req, ServerResponse res) {
        ObjectNode in = ApiResponses.body(req);
        faults.bootDelay(Duration.ofMillis(intField(in, "millis", 1000, 0, 3_600_000)));
        ApiResponses.json(res, 200, bootDelay());
    }

    private void calls(ServerRequest req, ServerResponse res) {
        long since;
        try {
            since = req.query().contains("since") ? Long.parseLong(req.query().get("since")) : 0;
        } catch (NumberFormatException e) {
            throw HetznerError.invalidInput("since", "since must be a call's seq");
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        var list = body.putArray("calls");
        for (CallLog.Call c : calls.since(since)) {
            list.addObject().put("seq", c.seq()).put("time", c.time().toString()).put("method", c.method())
                    .put("path", c.path()).put("query", c.query()).put("status", c.status()).put("code", c.code())
                    .put("servers", c.servers()).put("rate_limit_remaining", c.rateLimitRemaining());
        }
        ApiResponses.json(res, 200, body);
    }

    private ObjectNode errors() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        var list = body.putArray("errors");
        for (Faults.InjectedError e : faults.errors()) {
            list.addObject().put("method", e.method()).put("path_prefix", e.pathPrefix()).put("count", e.remaining())
                    .put("status", e.status()).put("code", e.code()).put("message", e.message());
        }
        ObjectNode actions = body.putObject("action_errors");
        faults.actionErrors().forEach(actions::put);
        return body;
    }

    private ObjectNode bootDelay() {
        return JsonNodeFactory.instance.objectNode().put("millis", faults.bootDelay().toMillis());
    }

    private static ObjectNode rate(RateLimiter.Decision d) {
        return JsonNodeFactory.instance.objectNode().put("limit", d.limit()).put("remaining", d.remaining())
                .put("reset", d.resetEpochSeconds());
    }

    private static int intField(ObjectNode in, String field, int otherwise, int min, int max) {
        JsonNode n = in.get(field);
        if (n == null) {
            return otherwise;
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < min || n.asInt() > max) {
            throw HetznerError.invalidInput(field, field + " must be an integer from " + min + " to " + max);
        }
        return n.asInt();
    }
}
