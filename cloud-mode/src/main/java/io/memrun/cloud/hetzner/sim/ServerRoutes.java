package io.memrun.cloud.hetzner.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /v1/servers}: list (filters {@code name}, {@code label_selector}, {@code status}; sort;
 * pagination), create, get, update ({@code name}, {@code labels}), delete, and the power actions
 * {@code poweroff}, {@code poweron}, {@code shutdown}, {@code reboot}, {@code reset}, with the
 * server's actions.
 */
final class ServerRoutes {
    /** Hetzner's limit on {@code user_data}. */
    static final int MAX_USER_DATA = 32 * 1024;
    private static final Set<String> POWER = Set.of("poweroff", "poweron", "shutdown", "reboot", "reset");
    private static final Map<String, Comparator<SimServer>> SORTS = Map.of(
            "id", Comparator.comparingLong((SimServer s) -> s.id),
            "name", Comparator.comparing((SimServer s) -> s.name),
            "created", Comparator.comparing((SimServer s) -> s.created));

    private final SimState state;
    private final ServerPower power;

    ServerRoutes(SimState state, ServerPower power) {
        this.state = state;
        this.power = power;
    }

    void register(HttpRouting.Builder r) {
        r.get("/v1/servers", this::list)
                .post("/v1/servers", this::create)
                .get("/v1/servers/{id}", this::get)
                .put("/v1/servers/{id}", this::update)
                .delete("/v1/servers/{id}", this::delete)
                .get("/v1/servers/{id}/actions", this::actions)
                .get("/v1/servers/{id}/actions/{action}", this::action)
                .post("/v1/servers/{id}/actions/{action}", this::powerAction);
    }

    static long id(ServerRequest req, String param) {
        String raw = req.path().pathParameters().get(param);
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw HetznerError.invalidInput(param, "'" + raw + "' is not an ID");
        }
    }

    private void list(ServerRequest req, ServerResponse res) {
        var q = req.query();
        LabelSelector selector = LabelSelector.parse(q.first("label_selector").orElse(""));
        Pagination page = Pagination.of(q);
        Comparator<SimServer> order = Sorting.of(q, SORTS, SORTS.get("id"));
        String name = q.contains("name") ? q.get("name") : null;
        Set<String> statuses = q.contains("status") ? Set.copyOf(q.all("status")) : Set.of();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        synchronized (state) {
            List<SimServer> matching = state.servers().stream()
                    .filter(s -> name == null || s.name.equals(name))
                    .filter(s -> statuses.isEmpty() || statuses.contains(s.status.text()))
                    .filter(s -> selector.test(s.labels))
                    .sorted(order)
                    .toList();
            var list = body.putArray("servers");
            page.slice(matching).forEach(s -> list.add(s.json(state.locked(s.id))));
            page.meta(body, matching.size());
        }
        ApiResponses.json(res, 200, body);
    }

    private void create(ServerRequest req, ServerResponse res) {
        ServerPower.ServerSpec spec = spec(ApiResponses.body(req));
        ServerPower.Created c = power.create(spec);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        synchronized (state) {
            body.set("server", c.server().json(state.locked(c.server().id)));
            body.set("action", c.action().json());
            var next = body.putArray("next_actions");
            c.nextActions().forEach(a -> next.add(a.json()));
        }
        body.putNull("root_password");
        ApiResponses.json(res, 201, body);
    }

    private void get(ServerRequest req, ServerResponse res) {
        long id = id(req, "id");
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        synchronized (state) {
            body.set("server", state.server(id).json(state.locked(id)));
        }
        ApiResponses.json(res, 200, body);
    }

    private void update(ServerRequest req, ServerResponse res) {
        long id = id(req, "id");
        ObjectNode in = ApiResponses.body(req);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        synchronized (state) {
            SimServer s = state.server(id);
            if (in.has("name")) {
                String name = name(in.get("name"));
                if (!name.equals(s.name) && state.byName(name).isPresent()) {
                    throw HetznerError.uniqueness("name", "server name is already used");
                }
                s.name = name;
            }
            if (in.has("labels")) {
                s.labels = Map.copyOf(Labels.parse(in.get("labels"), "labels"));
            }
            body.set("server", s.json(state.locked(id)));
        }
        ApiResponses.json(res, 200, body);
    }

    private void delete(ServerRequest req, ServerResponse res) {
        SimAction a = power.delete(id(req, "id"));
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        synchronized (state) {
            body.set("action", a.json());
        }
        ApiResponses.json(res, 200, body);
    }

    private void powerAction(ServerRequest req, ServerResponse res) {
        long id = id(req, "id");
        String op = req.path().pathParameters().get("action");
        if (!POWER.contains(op)) {
            state.server(id);
            throw HetznerError.notFound("server action '" + op + "'");
        }
        ApiResponses.body(req);
        SimAction a = power.power(id, op);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        synchronized (state) {
            body.set("action", a.json());
        }
        ApiResponses.json(res, 201, body);
    }

    private void actions(ServerRequest req, ServerResponse res) {
        long id = id(req, "id");
        state.server(id);
        ActionRoutes.list(req, res, state, state.actionsOf(id));
    }

    private void action(ServerRequest req, ServerResponse res) {
        long id = id(req, "id");
        state.server(id);
        SimAction a = state.action(id(req, "action"));
        if (a.serverId != id) {
            throw HetznerError.notFound("action with ID '" + a.id + "'");
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        synchronized (state) {
            body.set("action", a.json());
        }
        ApiResponses.json(res, 200, body);
    }

    private static ServerPower.ServerSpec spec(ObjectNode in) {
        String name = name(in.get("name"));
        ServerTypes.ServerType type = ServerTypes.byNameOrId(text(in, "server_type"))
                .orElseThrow(() -> HetznerError.invalidInput("server_type", "unknown server type '"
                        + in.path("server_type").asText() + "'"));
        Images.Image image = Images.forServer(text(in, "image"), type.architecture())
                .orElseThrow(() -> HetznerError.invalidInput("image", "unknown image '" + in.path("image").asText()
                        + "' for architecture " + type.architecture()));
        if (!image.architecture().equals(type.architecture())) {
            throw HetznerError.invalidInput("image", "image architecture " + image.architecture()
                    + " does not match server type architecture " + type.architecture());
        }
        Locations.Datacenter dc = datacenter(in);
        String userData = "";
        if (in.hasNonNull("user_data")) {
            if (!in.get("user_data").isTextual()) {
                throw HetznerError.invalidInput("user_data", "user_data must be a string");
            }
            userData = in.get("user_data").asText();
            if (userData.getBytes(StandardCharsets.UTF_8).length > MAX_USER_DATA) {
                throw HetznerError.invalidInput("user_data", "user_data is longer than " + MAX_USER_DATA + " bytes");
            }
        }
        JsonNode start = in.get("start_after_create");
        if (start != null && !start.isNull() && !start.isBoolean()) {
            throw HetznerError.invalidInput("start_after_create", "must be a boolean");
        }
        return new ServerPower.ServerSpec(name, type, image, dc, Labels.parse(in.get("labels"), "labels"), userData,
                start == null || start.isNull() || start.asBoolean());
    }

    private static Locations.Datacenter datacenter(ObjectNode in) {
        if (in.hasNonNull("datacenter")) {
            String dc = in.get("datacenter").asText();
            return Locations.DATACENTERS.stream()
                    .filter(d -> d.name().equals(dc) || Long.toString(d.id()).equals(dc)).findFirst()
                    .orElseThrow(() -> HetznerError.invalidInput("datacenter", "unknown datacenter '" + dc + "'"));
        }
        if (in.hasNonNull("location")) {
            String loc = in.get("location").asText();
            return Locations.ALL.stream().filter(l -> l.name().equals(loc) || Long.toString(l.id()).equals(loc))
                    .findFirst().map(Locations::datacenterIn)
                    .orElseThrow(() -> HetznerError.invalidInput("location", "unknown location '" + loc + "'"));
        }
        return Locations.datacenterIn(Locations.FSN1);
    }

    private static String name(JsonNode node) {
        if (node == null || !node.isTextual()) {
            throw HetznerError.invalidInput("name", "name is required and must be a string");
        }
        if (!Labels.validHostname(node.asText())) {
            throw HetznerError.invalidInput("name", "name must be a valid hostname");
        }
        return node.asText();
    }

    private static String text(ObjectNode in, String field) {
        JsonNode n = in.get(field);
        if (n == null || !(n.isTextual() || n.isIntegralNumber())) {
            throw HetznerError.invalidInput(field, field + " is required (a name or an ID)");
        }
        return n.asText();
    }
}
