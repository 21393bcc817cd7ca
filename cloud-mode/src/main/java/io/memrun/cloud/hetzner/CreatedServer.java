package io.memrun.cloud.hetzner;

import java.util.List;
import java.util.Objects;

/**
 * What {@link HetznerCloud#createServer(ServerSpec)} returns. The server exists (and is billed) from
 * here on, even while {@code action} is still running.
 *
 * @param server      the new server, usually {@link ServerStatus#INITIALIZING}
 * @param action      the {@code create_server} action; poll it to learn when the server is built
 * @param nextActions actions Hetzner queued after the create, such as {@code start_server}
 */
public record CreatedServer(Server server, Action action, List<Action> nextActions) {
    public CreatedServer {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(action, "action");
        nextActions = List.copyOf(nextActions);
    }
}
