package io.memrun.cloud.hetzner.sim;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every change of a server's life: create and boot, the power actions, delete, and the faults
 * that hit a server behind the client's back (crash, hang, removal). API state changes happen under
 * the {@link SimState} lock; process work (booting, stopping) happens on virtual threads and then
 * completes the action.
 */
final class ServerPower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerPower.class);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    /** A validated create request. */
    record ServerSpec(String name, ServerTypes.ServerType type, Images.Image image, Locations.Datacenter datacenter,
                      Map<String, String> labels, String userData, boolean startAfterCreate) {
    }

    /** What {@code POST /servers} answers with. */
    record Created(SimServer server, SimAction action, List<SimAction> nextActions) {
    }

    private final SimState state;
    private final Faults faults;
    private final Path serversDir;
    private final Path java;
    private final HttpClient http;
    private boolean closed;

    ServerPower(SimState state, Faults faults, Path root, Path java, HttpClient http) {
        this.state = state;
        this.faults = faults;
        this.serversDir = root.resolve("servers");
        this.java = java;
        this.http = http;
    }

    Created create(ServerSpec spec) {
        SimServer server;
        SimAction create;
        List<SimAction> next = new ArrayList<>();
        synchronized (state) {
            if (state.byName(spec.name()).isPresent()) {
                throw HetznerError.uniqueness("name", "server name is already used");
            }
            long id = state.newServerId();
            SimVm vm;
            try {
                vm = new SimVm(id, spec.name(), serversDir.resolve(Long.toString(id)), spec.userData(), java, http);
            } catch (IOException e) {
                LOG.warn("cannot create the directory of server {}: {}", id, e.getMessage());
                throw HetznerError.serverError("cannot create the server's directory");
            }
            server = new SimServer(id, spec.name(), spec.labels(), spec.type(), spec.image(), spec.datacenter(),
                    Instant.now(), vm);
            state.add(server);
            create = state.newAction("create_server", id);
            if (spec.startAfterCreate()) {
                next.add(state.newAction("start_server", id));
            }
        }
        server.vm.boot(faults.bootDelay(), () -> created(server, create, next));
        return new Created(server, create, List.copyOf(next));
    }

    /** {@code delete_server}: the server is {@code deleting} until its processes stopped, then gone. */
    SimAction delete(long id) {
        SimServer server;
        SimAction action;
        synchronized (state) {
            server = state.server(id);
            if (server.status == SimServer.Status.DELETING) {
                throw HetznerError.locked("server " + id);
            }
            state.failRunning(id, "server was deleted");
            server.status = SimServer.Status.DELETING;
            action = state.newAction("delete_server", id);
        }
        background("delete-" + id, () -> {
            shutdown(server, Units.NO_CAP);
            synchronized (state) {
                state.remove(id);
                action.succeed(Instant.now());
            }
        });
        return action;
    }

    /** {@code poweroff}, {@code shutdown}, {@code poweron}, {@code reboot} or {@code reset}. */
    SimAction power(long id, String op) {
        synchronized (state) {
            SimServer server = state.server(id);
            if (server.status == SimServer.Status.DELETING || state.locked(id)) {
                throw HetznerError.locked("server " + id);
            }
            return switch (op) {
                case "poweroff" -> stop(server, "stop_server");
                case "shutdown" -> stop(server, "shutdown_server");
                case "poweron" -> start(server, "start_server");
                case "reboot", "reset" -> server.status == SimServer.Status.OFF
                        ? start(server, op + "_server")
                        : restart(server, op);
                default -> throw HetznerError.notFound("action '" + op + "'");
            };
        }
    }

    /** Fault: the VM crashed (every process killed at once); the server is {@code off}. */
    void crash(long id) {
        SimServer server;
        synchronized (state) {
            server = state.server(id);
            if (server.status != SimServer.Status.DELETING) {
                server.status = SimServer.Status.OFF;
            }
            state.failRunning(id, "server crashed");
        }
        server.vm.kill("crashed by the /_sim hook");
    }

    /** Fault: the server vanished (deleted by someone else): gone from the API, processes killed. */
    void remove(long id) {
        SimServer server;
        synchronized (state) {
            server = state.server(id);
            state.remove(id);
            state.failRunning(id, "server was removed");
        }
        server.vm.kill("removed by the /_sim hook");
    }

    /**
     * Stops every server's processes (SIGTERM, up to 5 s, then SIGKILL); a boot still pending
     * never reaches {@code running} after this.
     */
    @Override
    public void close() {
        synchronized (state) {
            closed = true;
        }
        List<Thread> stopping = new ArrayList<>();
        for (SimServer s : state.servers()) {
            stopping.add(Thread.ofVirtual().start(() -> shutdown(s, CLOSE_GRACE)));
        }
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                state.servers().forEach(s -> s.vm.kill("sim closed"));
                return;
            }
        }
    }

    private boolean created(SimServer server, SimAction create, List<SimAction> next) {
        synchronized (state) {
            if (closed || server.status != SimServer.Status.INITIALIZING) {
                return false;
            }
            Instant now = Instant.now();
            if (faults.takeActionError("create_server")) {
                create.fail(now, "action_failed", "Action failed (injected by the sim)");
                next.forEach(a -> a.fail(now, "action_failed", "create_server failed"));
                server.status = SimServer.Status.OFF;
                return false;
            }
            create.succeed(now);
            if (next.isEmpty()) {
                server.status = SimServer.Status.OFF;
                return false;
            }
            next.forEach(a -> a.succeed(now));
            server.status = SimServer.Status.RUNNING;
            return true;
        }
    }

    private SimAction stop(SimServer server, String command) {
        SimAction action = state.newAction(command, server.id);
        if (server.status == SimServer.Status.OFF) {
            action.succeed(Instant.now());
            return action;
        }
        server.status = SimServer.Status.STOPPING;
        background(command + "-" + server.id, () -> {
            shutdown(server, Units.NO_CAP);
            synchronized (state) {
                if (server.status == SimServer.Status.STOPPING) {
                    server.status = SimServer.Status.OFF;
                }
                action.succeed(Instant.now());
            }
        });
        return action;
    }

    private SimAction start(SimServer server, String command) {
        SimAction action = state.newAction(command, server.id);
        if (server.status == SimServer.Status.RUNNING) {
            action.succeed(Instant.now());
            return action;
        }
        server.status = SimServer.Status.STARTING;
        server.vm.boot(faults.bootDelay(), () -> {
            synchronized (state) {
                if (closed || server.status != SimServer.Status.STARTING || !action.running()) {
                    return false;
                }
                if (faults.takeActionError(command)) {
                    action.fail(Instant.now(), "action_failed", "Action failed (injected by the sim)");
                    server.status = SimServer.Status.OFF;
                    return false;
                }
                server.status = SimServer.Status.RUNNING;
                action.succeed(Instant.now());
                return true;
            }
        });
        return action;
    }

    private SimAction restart(SimServer server, String op) {
        SimAction action = state.newAction(op + "_server", server.id);
        background(op + "-" + server.id, () -> {
            if (op.equals("reset")) {
                server.vm.kill("reset");
            } else {
                shutdown(server, Units.NO_CAP);
            }
            server.vm.boot(faults.bootDelay(), () -> {
                synchronized (state) {
                    if (closed || server.status != SimServer.Status.RUNNING || !action.running()) {
                        return false;
                    }
                    action.succeed(Instant.now());
                    return true;
                }
            });
        });
        return action;
    }

    private static void shutdown(SimServer server, Duration cap) {
        try {
            server.vm.shutdown(cap);
        } catch (InterruptedException e) {
            server.vm.kill("shutdown interrupted");
            Thread.currentThread().interrupt();
        }
    }

    private static void background(String name, Runnable work) {
        Thread.ofVirtual().name("sim-" + name).start(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.warn("{} failed", name, e);
            }
        });
    }
}
