package io.memrun.cloud.hetzner;

/**
 * Hetzner-shaped response bodies, following the examples of the Hetzner Cloud API reference
 * (docs.hetzner.cloud): full objects with the fields the client ignores, prices as strings, timestamps with
 * offsets, {@code meta.pagination} on lists.
 */
final class HetznerJson {

    static final String CREATED = "2016-01-30T23:55:00+00:00";

    private HetznerJson() {
    }

    static String error(String code, String message) {
        return """
                {"error": {"code": "%s", "message": "%s", "details": {}}}""".formatted(code, message);
    }

    static String server(long id, String name, String status, String labelsJson) {
        return """
                {
                  "id": %d,
                  "name": "%s",
                  "status": "%s",
                  "created": "%s",
                  "public_net": {
                    "ipv4": {"id": 42, "ip": "1.2.3.4", "blocked": false, "dns_ptr": "server01.example.com"},
                    "ipv6": {"id": 42, "ip": "2001:db8::/64", "blocked": false,
                             "dns_ptr": [{"ip": "2001:db8::1", "dns_ptr": "server.example.com"}]},
                    "floating_ips": [478],
                    "firewalls": [{"id": 42, "status": "applied"}]
                  },
                  "private_net": [{"network": 4711, "ip": "10.0.0.2", "alias_ips": [], "mac_address": "86:00:ff:2a:7d:e1"}],
                  "server_type": %s,
                  "datacenter": {
                    "id": 1, "name": "fsn1-dc8", "description": "Falkenstein 1 virtual DC 8",
                    "location": %s,
                    "server_types": {"supported": [1, 2, 3], "available": [1, 2, 3], "available_for_migration": [1, 2, 3]}
                  },
                  "image": %s,
                  "iso": null,
                  "rescue_enabled": false,
                  "locked": false,
                  "backup_window": "22-02",
                  "outgoing_traffic": 123456,
                  "ingoing_traffic": 123456,
                  "included_traffic": 654321,
                  "protection": {"delete": false, "rebuild": false},
                  "labels": %s,
                  "volumes": [],
                  "load_balancers": [],
                  "primary_disk_size": 40,
                  "placement_group": null
                }""".formatted(id, name, status, CREATED, serverType(1, "cx22", 2, "4", 40, "x86", false),
                location(1, "fsn1"), image(114690387, "debian-13", "x86"), labelsJson);
    }

    static String serverDocument(long id, String name, String status, String labelsJson) {
        return "{\"server\": " + server(id, name, status, labelsJson) + "}";
    }

    static String action(long id, String command, String status) {
        String finished = status.equals("running") ? "null" : "\"2016-01-30T23:56:00+00:00\"";
        String error = status.equals("error") ? "{\"code\": \"action_failed\", \"message\": \"Action failed\"}" : "null";
        int progress = status.equals("running") ? 0 : 100;
        return """
                {"id": %d, "command": "%s", "status": "%s", "progress": %d, "started": "%s", "finished": %s,
                 "resources": [{"id": 42, "type": "server"}], "error": %s}""".formatted(
                id, command, status, progress, CREATED, finished, error);
    }

    static String actionDocument(long id, String command, String status) {
        return "{\"action\": " + action(id, command, status) + "}";
    }

    static String createServerResponse(long id, String name, String labelsJson) {
        return """
                {"server": %s, "action": %s, "next_actions": [%s], "root_password": null}""".formatted(
                server(id, name, "initializing", labelsJson), action(1, "create_server", "running"),
                action(2, "start_server", "running"));
    }

    static String pagination(int page, Integer next, int last, int total) {
        return """
                "meta": {"pagination": {"page": %d, "per_page": 50, "previous_page": %s, "next_page": %s,
                                        "last_page": %d, "total_entries": %d}}""".formatted(
                page, page > 1 ? String.valueOf(page - 1) : "null", next == null ? "null" : next.toString(), last, total);
    }

    /** A page of {@code GET /servers}. */
    static String serversPage(int page, Integer next, int last, int total, String... servers) {
        return "{\"servers\": [" + String.join(",", servers) + "], " + pagination(page, next, last, total) + "}";
    }

    static String serverType(long id, String name, int cores, String memoryGb, int diskGb, String architecture,
                             boolean deprecated) {
        String deprecation = deprecated
                ? "{\"announced\": \"2023-06-01T00:00:00+00:00\", \"unavailable_after\": \"2023-09-01T00:00:00+00:00\"}"
                : "null";
        return """
                {"id": %d, "name": "%s", "description": "%s", "cores": %d, "memory": %s, "disk": %d,
                 "deprecated": %s, "storage_type": "local", "cpu_type": "shared", "architecture": "%s",
                 "included_traffic": 21990232555520, "deprecation": %s,
                 "prices": [
                   {"location": "fsn1", "price_hourly": {"net": "0.0060000000", "gross": "0.0071400000000000"},
                    "price_monthly": {"net": "3.7900000000", "gross": "4.5101000000000000"},
                    "included_traffic": 21990232555520,
                    "price_per_tb_traffic": {"net": "1.0000000000", "gross": "1.1900000000000000"}},
                   {"location": "hel1", "price_hourly": {"net": "0.0061000000", "gross": "0.0072590000000000"},
                    "price_monthly": {"net": "3.8000000000", "gross": "4.5220000000000000"},
                    "included_traffic": 21990232555520,
                    "price_per_tb_traffic": {"net": "1.0000000000", "gross": "1.1900000000000000"}}
                 ]}""".formatted(id, name, name.toUpperCase(java.util.Locale.ROOT), cores, memoryGb, diskGb, deprecated,
                architecture, deprecation);
    }

    static String serverTypesPage(int page, Integer next, int last, int total, String... types) {
        return "{\"server_types\": [" + String.join(",", types) + "], " + pagination(page, next, last, total) + "}";
    }

    static String location(long id, String name) {
        return """
                {"id": %d, "name": "%s", "description": "Falkenstein DC Park 1", "country": "DE", "city": "Falkenstein",
                 "latitude": 50.47612, "longitude": 12.370071, "network_zone": "eu-central"}""".formatted(id, name);
    }

    static String locations(String... locations) {
        return "{\"locations\": [" + String.join(",", locations) + "], " + pagination(1, null, 1, locations.length)
                + "}";
    }

    static String image(long id, String name, String architecture) {
        return """
                {"id": %d, "type": "system", "status": "available", "name": "%s", "description": "Debian 13",
                 "image_size": null, "disk_size": 5, "created": "%s", "created_from": null, "bound_to": null,
                 "os_flavor": "debian", "os_version": "13", "rapid_redeploy": true, "protection": {"delete": false},
                 "deprecated": null, "deleted": null, "labels": {}, "architecture": "%s"}""".formatted(
                id, name, CREATED, architecture);
    }

    static String images(String... images) {
        return "{\"images\": [" + String.join(",", images) + "], " + pagination(1, null, 1, images.length) + "}";
    }

    static String actionsPage(int page, Integer next, int last, String... actions) {
        return "{\"actions\": [" + String.join(",", actions) + "], " + pagination(page, next, last, actions.length)
                + "}";
    }

    /** A JSON object of labels from name/value pairs. */
    static String labels(String... pairs) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < pairs.length; i += 2) {
            out.append(i > 0 ? ", " : "").append('"').append(pairs[i]).append("\": \"").append(pairs[i + 1]).append('"');
        }
        return out.append('}').toString();
    }
}
