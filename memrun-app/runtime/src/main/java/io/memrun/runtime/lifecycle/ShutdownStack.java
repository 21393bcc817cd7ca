package io.memrun.runtime.lifecycle;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a start-up sequence has started so far, stopped in reverse order. Used both on a failed
 * start (stop steps 1..N-1) and on a normal stop; a failure to stop one component is logged and
 * the rest still stop.
 */
public final class ShutdownStack {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownStack.class);
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    /** Records a started component; returns it. */
    public <T extends AutoCloseable> T push(T component) {
        started.push(component);
        return component;
    }

    /** Closes everything pushed, last first; never throws. */
    public void closeAll() {
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", c.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
