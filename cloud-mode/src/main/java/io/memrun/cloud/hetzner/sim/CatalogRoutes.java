package io.memrun.cloud.hetzner.sim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The read-only catalog: {@code /v1/server_types}, {@code /v1/locations}, {@code /v1/datacenters}
 * and {@code /v1/images} (filters {@code name}, and for images {@code type} and
 * {@code architecture}), each also by id, paginated like every Hetzner list.
 */
final class CatalogRoutes {
    void register(HttpRouting.Builder r) {
        r.get("/v1/server_types", (req, res) -> list(req, res, "server_types", ServerTypes.ALL,
                        byName(req, ServerTypes.ServerType::name), ServerTypes.ServerType::json))
                .get("/v1/server_types/{id}", (req, res) -> one(req, res, "server_type", ServerTypes.ALL,
                        ServerTypes.ServerType::id, ServerTypes.ServerType::json))
                .get("/v1/locations", (req, res) -> list(req, res, "locations", Locations.ALL,
                        byName(req, Locations.Location::name), Locations.Location::json))
                .get("/v1/locations/{id}", (req, res) -> one(req, res, "location", Locations.ALL,
                        Locations.Location::id, Locations.Location::json))
                .get("/v1/datacenters", (req, res) -> list(req, res, "datacenters", Locations.DATACENTERS,
                        byName(req, Locations.Datacenter::name), Locations.Datacenter::json))
                .get("/v1/datacenters/{id}", (req, res) -> one(req, res, "datacenter", Locations.DATACENTERS,
                        Locations.Datacenter::id, Locations.Datacenter::json))
                .get("/v1/images", (req, res) -> list(req, res, "images", Images.ALL, images(req), Images.Image::json))
                .get("/v1/images/{id}", (req, res) -> one(req, res, "image", Images.ALL, Images.Image::id,
                        Images.Image::json));
    }

    private static <T> Predicate<T> byName(ServerRequest req, Function<T, String> name) {
        var q = req.query();
        return q.contains("name") ? t -> name.apply(t).equals(q.get("name")) : t -> true;
    }

    private static Predicate<Images.Image> images(ServerRequest req) {
        var q = req.query();
        Predicate<Images.Image> p = byName(req, Images.Image::name);
        if (q.contains("type")) {
            List<String> types = q.all("type");
            p = p.and(i -> types.contains("system"));
        }
        if (q.contains("architecture")) {
            List<String> archs = q.all("architecture");
            p = p.and(i -> archs.contains(i.architecture()));
        }
        return p;
    }

    private static <T> void list(ServerRequest req, ServerResponse res, String key, List<T> all, Predicate<T> filter,
                                 Function<T, ObjectNode> json) {
        Pagination page = Pagination.of(req.query());
        List<T> matching = all.stream().filter(filter).toList();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        var list = body.putArray(key);
        page.slice(matching).forEach(t -> list.add(json.apply(t)));
        page.meta(body, matching.size());
        ApiResponses.json(res, 200, body);
    }

    private static <T> void one(ServerRequest req, ServerResponse res, String key, List<T> all, ToLongFunction<T> id,
                                Function<T, ObjectNode> json) {
        long wanted = ServerRoutes.id(req, "id");
        T found = all.stream().filter(t -> id.applyAsLong(t) == wanted).findFirst()
                .orElseThrow(() -> HetznerError.notFound(key + " with ID '" + wanted + "'"));
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set(key, json.apply(found));
        ApiResponses.json(res, 200, body);
    }
}
