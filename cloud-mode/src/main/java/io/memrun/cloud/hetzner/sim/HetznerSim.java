package io.memrun.cloud.hetzner.sim;

import io.helidon.webserver.WebServer;
import io.memrun.runtime.lifecycle.Lifecycle;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Duration;
import java.time.InstantSource;

/**
 * A local server that speaks the Hetzner Cloud API's server subset, with Hetzner's JSON, errors,
 * pagination and rate-limit headers, and whose "VMs" are local processes: {@code memrun cloud sim}
 * runs one, {@code memrun cloud up --local} and the scheduler's tests start one in-process. Point
 * any Hetzner client at {@link #endpoint()} ({@code HCLOUD_ENDPOINT}) with one of the settings'
 * tokens ({@code HCLOUD_TOKEN}).
 *
 * <h2>API ({@code /v1}, bearer token)</h2>
 * {@code GET /server_types}, {@code /locations}, {@code /datacenters}, {@code /images} (each also
 * {@code /{id}}); {@code POST /servers}, {@code GET /servers} ({@code name}, {@code label_selector},
 * {@code status}, {@code sort}, {@code page}, {@code per_page}), {@code GET|PUT|DELETE
 * /servers/{id}}, {@code POST /servers/{id}/actions/{poweroff|poweron|shutdown|reboot|reset}},
 * {@code GET /servers/{id}/actions}, {@code GET /actions/{id}}, {@code GET /actions?id=..&id=..}.
 * {@code ssh_keys}, {@code networks}, {@code firewalls} and other create fields are accepted and
 * ignored. A server is {@code initializing} for the boot delay, then {@code running}; a power action
 * on a server with a running action answers 423 {@code locked}. Every answer carries
 * {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset}.
 *
 * <h2>Booting</h2>
 * A server gets {@code <root>/servers/<id>/fs/} as its {@code /} and {@code <root>/servers/<id>/
 * console.log}. Once running, its {@code #cloud-config} user-data is performed ({@code write_files},
 * {@code runcmd} with {@code mkdir}, {@code curl}, {@code sha256sum}, {@code systemctl}), and a
 * started unit's {@code ExecStart} runs as a local process (java replaced by the sim's java,
 * absolute paths mapped under the server's filesystem, environment {@code MEMRUN_SIM_SERVER_ID},
 * {@code MEMRUN_SIM_SERVER_NAME} and {@code MEMRUN_SIM_FS_ROOT}). Power-off, shutdown and delete
 * stop the processes gracefully (the unit's {@code KillSignal}, then SIGKILL after
 * {@code TimeoutStopSec}); a failed boot step leaves the server running with the reason in its
 * console and in {@code GET /_sim/servers}.
 *
 * <h2>Fault hooks ({@code /_sim}, JSON, no token, loopback clients only)</h2>
 * <ul>
 *   <li>{@code GET /_sim/servers}: every server with {@code status}, {@code pid} (its first unit
 *       process, null when none runs), {@code fs_root},
 *       {@code console_log}, {@code boot_failure} and {@code processes} ({@code unit}, {@code pid},
 *       {@code starts})</li>
 *   <li>{@code POST /_sim/servers/{id}/crash}: SIGKILL every process; the server is {@code off}</li>
 *   <li>{@code POST /_sim/servers/{id}/hang} / {@code resume}: SIGSTOP / SIGCONT every process;
 *       the status stays {@code running}</li>
 *   <li>{@code POST /_sim/servers/{id}/remove}: gone from the API, processes killed</li>
 *   <li>{@code POST /_sim/errors} {@code {"method":"POST","path_prefix":"/v1/servers","count":2,
 *       "status":503,"code":"unavailable","message":"..."}}: the next matching calls answer that
 *       error (method defaults to any, prefix to {@code /v1/}, count to 1, status to 503);
 *       {@code GET} lists them, {@code DELETE} clears them and the action errors</li>
 *   <li>{@code POST /_sim/action_errors} {@code {"command":"create_server","count":1}}: the next
 *       such actions end in {@code error} (a failed create leaves the server {@code off})</li>
 *   <li>{@code POST /_sim/rate_limit} {@code {"remaining":0}} and/or {@code {"limit":10}}: a 429
 *       storm that lasts until the bucket refills; {@code GET} shows the bucket</li>
 *   <li>{@code POST /_sim/boot_delay} {@code {"millis":5000}}: slower (or faster) boots from now on</li>
 *   <li>{@code GET /_sim/calls?since=SEQ}: every {@code /v1} call answered ({@code seq},
 *       {@code time}, {@code method}, {@code path}, {@code query}, {@code status}, {@code code},
 *       {@code servers} existing after it, {@code rate_limit_remaining}); {@code DELETE} clears</li>
 * </ul>
 *
 * <p>State lives in memory: a restarted sim starts with no servers. {@link #close()} stops every
 * server's processes. POSIX only (signals go through {@code kill}).
 */
public final class HetznerSim implements AutoCloseable {
    private final Lifecycle lifecycle;
    private final WebServer server;
    private final String host;

    private HetznerSim(Lifecycle lifecycle, WebServer server, String host) {
        this.lifecycle = lifecycle;
        this.server = server;
        this.host = host;
    }

    /**
     * Starts the sim and returns once it accepts connections.
     *
     * @throws Exception if the state directory cannot be created or the port cannot be bound;
     *     nothing is left running then
     */
    public static HetznerSim start(SimSettings settings) throws Exception {
        Files.createDirectories(settings.root().resolve("servers"));
        Lifecycle lifecycle = new Lifecycle();
        HttpClient http = lifecycle.open(() -> HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(10))
                .build());
        SimState state = new SimState();
        Faults faults = new Faults(settings.bootDelay());
        RateLimiter limiter = new RateLimiter(settings.rateLimit(), settings.rateRefill(), InstantSource.system());
        CallLog calls = new CallLog();
        ServerPower power = lifecycle.open(() -> new ServerPower(state, faults, settings.root(), settings.java(), http));
        ApiGate gate = new ApiGate(settings.tokens(), limiter, faults, calls, state);
        WebServer web = lifecycle.open(() -> new StoppableServer(WebServer.builder()
                .host(settings.host())
                .port(settings.port())
                .shutdownHook(false)
                .routing(r -> {
                    r.addFilter(gate);
                    ApiGate.registerErrors(r);
                    new CatalogRoutes().register(r);
                    new ServerRoutes(state, power).register(r);
                    new ActionRoutes(state).register(r);
                    new FaultRoutes(state, power, faults, limiter, calls).register(r);
                    r.any((req, res) -> {
                        throw HetznerError.notFound("route " + req.prologue().method().text() + " " + req.path().path());
                    });
                })
                .build()
                .start())).server();
        String host = settings.host();
        boolean wildcard = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
        return new HetznerSim(lifecycle, web, wildcard ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host);
    }

    /** The web server as a resource of the lifecycle. */
    private record StoppableServer(WebServer server) implements AutoCloseable {
        @Override
        public void close() {
            server.stop();
        }
    }

    /** The HTTP port. */
    public int port() {
        return server.port();
    }

    /**
     * The API's base URL, {@code http://HOST:PORT/v1} (127.0.0.1 when bound to every address):
     * what {@code HCLOUD_ENDPOINT} is set to.
     */
    public URI endpoint() {
        return URI.create("http://" + host + ":" + port() + "/v1");
    }

    /** The fault hooks' base URL, {@code http://HOST:PORT/_sim}. */
    public URI hooks() {
        return URI.create("http://" + host + ":" + port() + "/_sim");
    }

    /** Stops answering, then stops every server's processes (SIGTERM, up to 5 s, then SIGKILL). */
    @Override
    public void close() {
        lifecycle.close();
    }
}
