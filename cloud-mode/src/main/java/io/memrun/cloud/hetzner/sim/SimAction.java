package io.memrun.cloud.hetzner.sim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * An action ({@code create_server}, {@code stop_server}, ...) on one server: {@code running}, then
 * {@code success} or {@code error}. Mutated only under the {@link SimState} lock.
 */
final class SimAction {
    final long id;
    final String command;
    final long serverId;
    final Instant started;
    private String status = "running";
    private Instant finished;
    private String errorCode = "";
    private String errorMessage = "";

    SimAction(long id, String command, long serverId, Instant started) {
        this.id = id;
        this.command = command;
        this.serverId = serverId;
        this.started = started;
    }

    boolean running() {
        return status.equals("running");
    }

    String status() {
        return status;
    }

    void succeed(Instant at) {
        if (running()) {
            status = "success";
            finished = at;
        }
    }

    void fail(Instant at, String code, String message) {
        if (running()) {
            status = "error";
            finished = at;
            errorCode = code;
            errorMessage = message;
        }
    }

    ObjectNode json() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("id", id);
        n.put("command", command);
        n.put("status", status);
        n.put("progress", running() ? 0 : 100);
        n.put("started", ApiTime.format(started));
        if (finished == null) {
            n.putNull("finished");
        } else {
            n.put("finished", ApiTime.format(finished));
        }
        ObjectNode resource = n.putArray("resources").addObject();
        resource.put("id", serverId);
        resource.put("type", "server");
        if (status.equals("error")) {
            n.putObject("error").put("code", errorCode).put("message", errorMessage);
        } else {
            n.putNull("error");
        }
        return n;
    }
}
