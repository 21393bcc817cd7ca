package io.memrun.cloud.hetzner.sim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /v1/actions}: one action by id, or a list filtered by {@code id} (repeatable) and
 * {@code status}, sorted and paginated. Actions outlive their servers.
 */
final class ActionRoutes {
    private static final Map<String, Comparator<SimAction>> SORTS = Map.of(
            "id", Comparator.comparingLong((SimAction a) -> a.id),
            "command", Comparator.comparing((SimAction a) -> a.command),
            "status", Comparator.comparing(SimAction::status),
            "started", Comparator.comparing((SimAction a) -> a.started));

    private final SimState state;

    ActionRoutes(SimState state) {
        this.state = state;
    }

    void register(HttpRouting.Builder r) {
        r.get("/v1/actions", this::list).get("/v1/actions/{id}", this::get);
    }

    private void get(ServerRequest req, ServerResponse res) {
        SimAction a = state.action(ServerRoutes.id(req, "id"));
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        synchronized (state) {
            body.set("action", a.json());
        }
        ApiResponses.json(res, 200, body);
    }

    private void list(ServerRequest req, ServerResponse res) {
        list(req, res, state, state.actions());
    }

    /** Answers {@code actions} filtered by the query's {@code id} and {@code status}, sorted and paginated. */
    static void list(ServerRequest req, ServerResponse res, SimState state, List<SimAction> actions) {
        var q = req.query();
        Set<Long> ids = new HashSet<>();
        if (q.contains("id")) {
            for (String raw : q.all("id")) {
                try {
                    ids.add(Long.parseLong(raw));
                } catch (NumberFormatException e) {
                    throw HetznerError.invalidInput("id", "'" + raw + "' is not an ID");
                }
            }
        }
        Set<String> statuses = q.contains("status") ? Set.copyOf(q.all("status")) : Set.of();
        Pagination page = Pagination.of(q);
        Comparator<SimAction> order = Sorting.of(q, SORTS, SORTS.get("id"));
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        synchronized (state) {
            List<SimAction> matching = actions.stream()
                    .filter(a -> ids.isEmpty() || ids.contains(a.id))
                    .filter(a -> statuses.isEmpty() || statuses.contains(a.status()))
                    .sorted(order)
                    .toList();
            var list = body.putArray("actions");
            page.slice(matching).forEach(a -> list.add(a.json()));
            page.meta(body, matching.size());
        }
        ApiResponses.json(res, 200, body);
    }
}
