package io.memrun.cloud.hetzner.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpHeaders;

/** A plain JDK HTTP client for the sim's API and hooks, as a test drives them. */
final class SimClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One answer: status, headers and the JSON body (a missing node when empty). */
    record Response(int status, HttpHeaders headers, JsonNode body) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String errorCode() {
            return body.path("error").path("code").asText(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final URI base;
    private final String token;

    SimClient(HetznerSim sim, String token) {
        this.base = URI.create("http://127.0.0.1:" + sim.port());
        this.token = token;
    }

    SimClient(HetznerSim sim) {
        this(sim, SimSettings.DEFAULT_TOKEN);
    }

    Response get(String path) throws Exception {
        return send("GET", path, null);
    }

    Response post(String path, Object body) throws Exception {
        return send("POST", path, body);
    }

    Response put(String path, Object body) throws Exception {
        return send("PUT", path, body);
    }

    Response delete(String path) throws Exception {
        return send("DELETE", path, null);
    }

    /** Sends {@code body} (a JSON node, a raw JSON string, or null for none). */
    Response send(String method, String path, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> res = HTTP.send(b.method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = res.body().isEmpty() ? JSON.missingNode() : JSON.readTree(res.body());
        return new Response(res.statusCode(), res.headers(), json);
    }

    /** A create body with the given name and labels, cx22 / ubuntu-24.04 / fsn1. */
    static ObjectNode server(String name, String... labels) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", name);
        n.put("server_type", "cx22");
        n.put("image", "ubuntu-24.04");
        n.put("location", "fsn1");
        ObjectNode l = n.putObject("labels");
        for (int i = 0; i + 1 < labels.length; i += 2) {
            l.put(labels[i], labels[i + 1]);
        }
        return n;
    }

    /** The server's status, or "gone" once the API answers 404. */
    String status(long id) throws Exception {
        Response r = get("/v1/servers/" + id);
        return r.status() == 404 ? "gone" : r.body().path("server").path("status").asText();
    }
}
