package io.memrun.cloud.hetzner.sim;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The project's servers and actions, in memory: a restarted sim starts empty (and its old server
 * processes were stopped when it closed). IDs increase and are never reused. This object is the
 * lock every server and action mutation holds.
 */
final class SimState {
    private final Map<Long, SimServer> servers = new TreeMap<>();
    private final Map<Long, SimAction> actions = new TreeMap<>();
    private long nextServerId = 1;
    private long nextActionId = 1;

    synchronized long newServerId() {
        return nextServerId++;
    }

    synchronized void add(SimServer server) {
        servers.put(server.id, server);
    }

    synchronized void remove(long id) {
        servers.remove(id);
    }

    /** @throws HetznerError 404 if there is no such server */
    synchronized SimServer server(long id) {
        SimServer s = servers.get(id);
        if (s == null) {
            throw HetznerError.notFound("server with ID '" + id + "'");
        }
        return s;
    }

    synchronized Optional<SimServer> byName(String name) {
        return servers.values().stream().filter(s -> s.name.equals(name)).findFirst();
    }

    synchronized List<SimServer> servers() {
        return List.copyOf(servers.values());
    }

    synchronized int serverCount() {
        return servers.size();
    }

    synchronized SimAction newAction(String command, long serverId) {
        SimAction a = new SimAction(nextActionId++, command, serverId, Instant.now());
        actions.put(a.id, a);
        return a;
    }

    /** @throws HetznerError 404 if there is no such action */
    synchronized SimAction action(long id) {
        SimAction a = actions.get(id);
        if (a == null) {
            throw HetznerError.notFound("action with ID '" + id + "'");
        }
        return a;
    }

    synchronized List<SimAction> actions() {
        return List.copyOf(actions.values());
    }

    synchronized List<SimAction> actionsOf(long serverId) {
        return actions.values().stream().filter(a -> a.serverId == serverId).toList();
    }

    /** Whether an action is running on the server (Hetzner then answers 423 {@code locked}). */
    synchronized boolean locked(long serverId) {
        return actions.values().stream().anyMatch(a -> a.serverId == serverId && a.running());
    }

    /** Ends every running action of the server in {@code error} (it was deleted, crashed, removed). */
    synchronized void failRunning(long serverId, String message) {
        Instant now = Instant.now();
        actions.values().stream().filter(a -> a.serverId == serverId)
                .forEach(a -> a.fail(now, "action_failed", message));
    }
}
