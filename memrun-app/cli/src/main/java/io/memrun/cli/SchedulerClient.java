package io.memrun.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memrun.runtime.json.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How {@code memrun cloud deploy|status|scale|destroy|token} reach a scheduler: its URL and a
 * bearer token ({@code --token}, else env {@code MEMRUN_TOKEN}, else the admin token file that
 * {@code memrun cloud up} wrote into its data directory).
 */
final class SchedulerClient {
    private static final ObjectMapper JSON = Json.mapper();

    @Option(names = "--scheduler", defaultValue = "${env:MEMRUN_SCHEDULER:-http://127.0.0.1:8080}",
            description = "The scheduler's URL (env MEMRUN_SCHEDULER). Default: ${DEFAULT-VALUE}")
    URI url;

    @Option(names = "--token-file", defaultValue = ".memrun-cloud/admin-token",
            description = "Where to read the token when neither env MEMRUN_TOKEN nor --token-file's default applies."
                    + " Default: ${DEFAULT-VALUE}")
    Path tokenFile;

    private HttpClient http;

    private String token() throws IOException {
        String env = System.getenv("MEMRUN_TOKEN");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        if (Files.exists(tokenFile)) {
            return Files.readString(tokenFile).trim();
        }
        throw new IllegalArgumentException("no token: set MEMRUN_TOKEN, or give --token-file (memrun cloud up prints where"
                + " it wrote the admin token; default " + tokenFile + ")");
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(url.resolve(path)).GET());
    }

    /** One service's entry of {@code GET /v1/cloud/status}, with its {@code events} most recent events. */
    JsonNode serviceStatus(String service, int events) throws IOException, InterruptedException {
        return get("/v1/cloud/status?service=" + service + "&events=" + events).path("services").path(0);
    }

    JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(url.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
    }

    JsonNode upload(String path, Path file) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(url.resolve(path)).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofFile(file)), Duration.ofMinutes(10));
    }

    JsonNode delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(url.resolve(path)).DELETE());
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return send(request, Duration.ofMinutes(2));
    }

    private JsonNode send(HttpRequest.Builder request, Duration timeout) throws IOException, InterruptedException {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        }
        HttpResponse<byte[]> r;
        try {
            r = http.send(request.header("Authorization", "Bearer " + token()).timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw new IllegalStateException("no scheduler answers at " + url + ": start one with `memrun cloud up --local`"
                    + " (or `memrun cloud up ...` for Hetzner), or point --scheduler at it");
        }
        JsonNode body;
        try {
            body = r.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + " with a body that is not JSON: is it a memrun scheduler?");
        }
        if (r.statusCode() >= 400) {
            throw new IllegalStateException(body.path("error").asText("HTTP " + r.statusCode()) + ": "
                    + body.path("detail").asText(body.path("message").asText(body.toString())));
        }
        return body;
    }
}
