package io.memrun.runtime.lifecycle;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resources opened in order and closed in reverse: the one start/stop discipline of the worker, the
 * gateway, the dev stack and the scheduler.
 *
 * <p>{@link #open} runs one start-up step. If it throws, every resource opened before it is closed,
 * last first, and the step's failure is rethrown with each cleanup failure attached as
 * {@linkplain Throwable#addSuppressed suppressed}; the lifecycle is then empty. {@link #close()}
 * closes everything, last first, and continues past failures, logging them.
 *
 * <p>Not thread-safe: one thread starts a component, one thread stops it.
 */
public final class Lifecycle implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    /** Opens a resource; what it returns is closed with this lifecycle. */
    @FunctionalInterface
    public interface Opener<T extends AutoCloseable> {
        /** Opens (starts) the resource; returns it once it is usable. */
        T open() throws Exception;
    }

    /**
     * Runs {@code opener} and keeps what it returns, to close it later. If the opener fails, what was
     * opened before is closed (last first) and the failure is rethrown with their failures suppressed.
     */
    public <T extends AutoCloseable> T open(Opener<T> opener) throws Exception {
        T resource;
        try {
            resource = opener.open();
        } catch (Exception | Error e) {
            closeAfter(e);
            throw e;
        }
        opened.push(Objects.requireNonNull(resource, "an opener returned null"));
        return resource;
    }

    /**
     * Runs a start-up step that opens nothing itself (a check, a seed, a registration); on failure
     * closes what was opened before, as {@link #open} does.
     */
    public void run(Step step) throws Exception {
        try {
            step.run();
        } catch (Exception | Error e) {
            closeAfter(e);
            throw e;
        }
    }

    /** A start-up step that opens nothing. */
    @FunctionalInterface
    public interface Step {
        /** Runs the step. */
        void run() throws Exception;
    }

    /** Keeps an already open resource, to close it with the others. */
    public <T extends AutoCloseable> T adopt(T resource) {
        opened.push(Objects.requireNonNull(resource, "resource"));
        return resource;
    }

    /** Whether nothing is open. */
    public boolean isEmpty() {
        return opened.isEmpty();
    }

    /**
     * Closes everything, last first, after a failed start: each cleanup failure is attached to
     * {@code failure} as suppressed, so the caller can rethrow the one exception that says what broke.
     */
    public void closeAfter(Throwable failure) {
        while (!opened.isEmpty()) {
            AutoCloseable c = opened.pop();
            try {
                c.close();
            } catch (Exception | Error cleanup) {
                failure.addSuppressed(cleanup);
            }
        }
    }

    /**
     * Closes everything, last first. Every resource is closed even if some fail; failures are
     * logged, never thrown (a stop path must reach every resource).
     */
    @Override
    public void close() {
        while (!opened.isEmpty()) {
            AutoCloseable c = opened.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", c.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
