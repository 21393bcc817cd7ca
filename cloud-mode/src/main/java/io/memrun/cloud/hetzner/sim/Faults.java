package io.memrun.cloud.hetzner.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The weather the fault hooks set: API errors queued for matching calls, actions that will end in
 * {@code error}, and the boot delay. Read by the API gate and the server power paths.
 */
final class Faults {
    /**
     * The next {@code remaining} calls whose method is {@code method} ({@code *} for any) and whose
     * path starts with {@code pathPrefix} are answered {@code status} with {@code code}.
     */
    record InjectedError(String method, String pathPrefix, int remaining, int status, String code, String message) {
        boolean matches(String m, String path) {
            return ("*".equals(method) || method.equalsIgnoreCase(m)) && path.startsWith(pathPrefix);
        }
    }

    private final List<InjectedError> errors = new ArrayList<>();
    private final Map<String, Integer> actionErrors = new HashMap<>();
    private Duration bootDelay;

    Faults(Duration bootDelay) {
        this.bootDelay = bootDelay;
    }

    synchronized void inject(InjectedError error) {
        errors.add(error);
    }

    synchronized List<InjectedError> errors() {
        return List.copyOf(errors);
    }

    synchronized void clearErrors() {
        errors.clear();
        actionErrors.clear();
    }

    /** Takes the first queued error matching the call, if any; it then has one use less. */
    synchronized Optional<InjectedError> take(String method, String path) {
        for (int i = 0; i < errors.size(); i++) {
            InjectedError e = errors.get(i);
            if (e.matches(method, path)) {
                if (e.remaining() <= 1) {
                    errors.remove(i);
                } else {
                    errors.set(i, new InjectedError(e.method(), e.pathPrefix(), e.remaining() - 1, e.status(),
                            e.code(), e.message()));
                }
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** Makes the next {@code count} actions with {@code command} (e.g. {@code create_server}) end in error. */
    synchronized void failActions(String command, int count) {
        actionErrors.merge(command, count, Integer::sum);
    }

    synchronized Map<String, Integer> actionErrors() {
        return Map.copyOf(actionErrors);
    }

    /** Whether this action (one with {@code command}) is to fail; consumes one queued failure. */
    synchronized boolean takeActionError(String command) {
        Integer n = actionErrors.get(command);
        if (n == null) {
            return false;
        }
        if (n <= 1) {
            actionErrors.remove(command);
        } else {
            actionErrors.put(command, n - 1);
        }
        return true;
    }

    synchronized Duration bootDelay() {
        return bootDelay;
    }

    synchronized void bootDelay(Duration delay) {
        bootDelay = delay;
    }
}
