package io.memrun.dev.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Asks an S3 endpoint whether it serves requests. An unsigned {@code GET /} (list buckets)
 * must come back as S3's own answer to an anonymous caller, an XML error document, which
 * proves the S3 handler (not just a socket) is up. Needs no credentials and changes nothing.
 */
public final class S3Probe {
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    private S3Probe() {
    }

    /**
     * Polls until the endpoint answers or the deadline passes.
     *
     * @throws TimeoutException if the deadline passed first; its cause is the last failure seen
     */
    public static void awaitReady(URI endpoint, Deadline deadline) throws TimeoutException, InterruptedException {
        Exception last = null;
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(ATTEMPT_TIMEOUT).build()) {
            HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/")).timeout(ATTEMPT_TIMEOUT).GET().build();
            while (!deadline.expired()) {
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.body().contains("<Error>")) {
                        return;
                    }
                    last = new IOException("unexpected answer " + response.statusCode() + ": " + response.body());
                } catch (IOException e) {
                    last = e;
                }
                Thread.sleep(POLL_INTERVAL.toMillis());
            }
        }
        TimeoutException timeout = new TimeoutException("S3 endpoint " + endpoint + " did not answer");
        timeout.initCause(last);
        throw timeout;
    }
}
