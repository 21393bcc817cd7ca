package io.memrun.cli.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memrun.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** What the cloud tests talk to: the memrun CLI (in-process), the scheduler's API, the sim's API and hooks. */
final class CloudClients {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private CloudClients() {
    }

    /** A CLI run's exit code and output. */
    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n" + out + err;
        }
    }

    /** Runs {@code memrun cloud <args>} against {@code scheduler} with the admin token. */
    static Run cli(URI scheduler, Path tokenFile, String... args) throws Exception {
        if (!Files.exists(tokenFile)) {
            Files.writeString(tokenFile, SchedulerProcess.ADMIN_TOKEN);
        }
        List<String> all = new ArrayList<>(List.of("cloud"));
        all.addAll(List.of(args));
        all.addAll(List.of("--scheduler", scheduler.toString(), "--token-file", tokenFile.toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    static HttpResponse<String> send(String method, URI uri, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(String method, URI uri, String token, String body) throws Exception {
        HttpResponse<String> r = send(method, uri, token, body);
        if (r.statusCode() >= 300) {
            throw new AssertionError(method + " " + uri + " -> " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }
}
