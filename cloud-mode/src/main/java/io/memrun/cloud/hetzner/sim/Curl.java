package io.memrun.cloud.hetzner.sim;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * The {@code curl} of a runcmd: one HTTP GET with the JDK client, written to {@code -o} under the
 * server's filesystem. Understands {@code -f -s -S -L} (also combined, {@code -fsSL}),
 * {@code -o}/{@code --output}, {@code --retry N}, {@code --retry-delay S}, {@code --create-dirs},
 * {@code -H}/{@code --header}, {@code --connect-timeout}, {@code --max-time}; other options are
 * accepted and have no effect. Unlike curl without {@code -f}, any non-2xx answer fails the step.
 * Retries (as curl's) follow connection failures, timeouts, 408, 429 and 5xx.
 */
final class Curl {
    private final HttpClient http;
    private final FsRoot fs;
    private final ConsoleLog console;

    Curl(HttpClient http, FsRoot fs, ConsoleLog console) {
        this.http = http;
        this.fs = fs;
        this.console = console;
    }

    void run(List<String> argv) throws BootFailure, InterruptedException {
        Request r = parse(argv);
        Path target = fs.resolve(r.output);
        if (!Files.isDirectory(target.getParent())) {
            if (!r.createDirs) {
                throw new BootFailure("curl: (23) cannot write " + r.output + ": no such directory");
            }
            createDirs(target.getParent());
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(r.uri).timeout(r.maxTime).GET();
        r.headers.forEach(h -> {
            int colon = h.indexOf(':');
            if (colon > 0) {
                req.header(h.substring(0, colon).strip(), h.substring(colon + 1).strip());
            }
        });
        long delayMillis = r.retryDelaySeconds > 0 ? r.retryDelaySeconds * 1000L : 1000L;
        for (int attempt = 0; ; attempt++) {
            String failure;
            try {
                Path tmp = target.resolveSibling(target.getFileName() + ".curl-tmp");
                HttpResponse<Path> res = http.send(req.build(), HttpResponse.BodyHandlers.ofFile(tmp));
                int status = res.statusCode();
                if (status / 100 == 2) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                    console.line("curl: " + r.uri.getHost() + r.uri.getPath() + " -> " + r.output + " ("
                            + Files.size(target) + " bytes)");
                    return;
                }
                Files.deleteIfExists(tmp);
                failure = "curl: (22) The requested URL returned error: " + status;
                if (!(status == 408 || status == 429 || status >= 500)) {
                    throw new BootFailure(failure);
                }
            } catch (IOException e) {
                failure = "curl: " + e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            if (attempt >= r.retries) {
                throw new BootFailure(failure);
            }
            console.line(failure + "; retrying in " + delayMillis + " ms (" + (r.retries - attempt) + " retries left)");
            Thread.sleep(delayMillis);
            if (r.retryDelaySeconds == 0) {
                delayMillis = Math.min(delayMillis * 2, 10_000);
            }
        }
    }

    private static void createDirs(Path dir) throws BootFailure {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BootFailure("curl: cannot create " + dir + ": " + e.getMessage());
        }
    }

    private static final class Request {
        URI uri;
        String output;
        int retries;
        int retryDelaySeconds;
        boolean createDirs;
        Duration maxTime = Duration.ofMinutes(10);
        final List<String> headers = new java.util.ArrayList<>();
    }

    private static Request parse(List<String> argv) throws BootFailure {
        Request r = new Request();
        try {
            for (int i = 1; i < argv.size(); i++) {
                String a = argv.get(i);
                switch (a) {
                    case "-o", "--output" -> r.output = argv.get(++i);
                    case "--retry" -> r.retries = Integer.parseInt(argv.get(++i));
                    case "--retry-delay" -> r.retryDelaySeconds = Integer.parseInt(argv.get(++i));
                    case "--max-time", "-m" -> r.maxTime = Duration.ofMillis((long) (Double.parseDouble(argv.get(++i)) * 1000));
                    case "-H", "--header" -> r.headers.add(argv.get(++i));
                    case "--connect-timeout", "--retry-max-time", "-A", "--user-agent" -> i++;
                    case "--create-dirs" -> r.createDirs = true;
                    default -> {
                        if (a.startsWith("-o") && a.length() > 2 && !a.startsWith("--")) {
                            r.output = a.substring(2);
                        } else if (a.startsWith("http://") || a.startsWith("https://")) {
                            r.uri = URI.create(a);
                        } else if (!a.startsWith("-")) {
                            throw new BootFailure("curl: unexpected argument '" + a + "'");
                        }
                    }
                }
            }
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new BootFailure("curl: cannot read the command line " + argv + ": " + e.getMessage());
        }
        if (r.uri == null || r.output == null) {
            throw new BootFailure("curl: the sim needs a URL and -o FILE, got " + argv);
        }
        return r;
    }
}
