package io.memrun.runtime.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny HTTP client for tests: real requests to the real gateway. */
public final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    public static HttpResponse<String> post(int port, String path, String body) throws IOException, InterruptedException {
        return post(port, path, HttpRequest.BodyPublishers.ofString(body));
    }

    public static HttpResponse<String> post(int port, String path, HttpRequest.BodyPublisher body)
            throws IOException, InterruptedException {
        return post(port, path, body, java.util.Map.of());
    }

    /** A POST with extra headers (e.g. {@code Authorization}). */
    public static HttpResponse<String> post(int port, String path, String body, java.util.Map<String, String> headers)
            throws IOException, InterruptedException {
        return post(port, path, HttpRequest.BodyPublishers.ofString(body), headers);
    }

    private static HttpResponse<String> post(int port, String path, HttpRequest.BodyPublisher body,
                                             java.util.Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(body);
        headers.forEach(req::header);
        return CLIENT.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET().build();
        return CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
    }
}
