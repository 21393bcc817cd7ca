package io.memrun.cli;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a callback, so a long-running command can stop what it started and exit 0
 * instead of dying with 143 in a shutdown hook.
 */
final class Signals {
    private Signals() {
    }

    static void onTermination(Runnable action) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), s -> action.run());
            } catch (IllegalArgumentException e) {
                // the signal is not available on this platform; the default handling stays
            }
        }
    }
}
