package io.memrun.cloud.hetzner;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An asynchronous Hetzner action (create_server, start_server, delete_server, stop_server, ...).
 * Poll it with {@link HetznerCloud#action(long)} until {@link ActionStatus#finished()}.
 *
 * @param id       the action's id
 * @param command  what it does, e.g. {@code create_server}
 * @param status   running, success or error
 * @param progress 0 to 100
 * @param started  when it started
 * @param finished when it ended, empty while running
 * @param error    why it failed, present only when {@code status} is {@link ActionStatus#ERROR}
 */
public record Action(long id, String command, ActionStatus status, int progress, Instant started,
                     Optional<Instant> finished, Optional<Failure> error) {

    /**
     * The error of a failed action.
     *
     * @param code    Hetzner's error code, e.g. {@code action_failed}
     * @param message Hetzner's human-readable message
     */
    public record Failure(String code, String message) {
        public Failure {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }

    public Action {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(finished, "finished");
        Objects.requireNonNull(error, "error");
    }
}
