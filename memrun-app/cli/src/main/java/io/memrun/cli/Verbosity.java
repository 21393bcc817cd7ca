package io.memrun.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** The {@code -v} switch: memrun's own logging at DEBUG and stack traces on errors. */
final class Verbosity {
    private static volatile boolean verbose;

    private Verbosity() {
    }

    static void set(boolean on) {
        verbose = on;
        if (on && LoggerFactory.getLogger("io.memrun") instanceof Logger l) {
            l.setLevel(Level.DEBUG);
        }
    }

    static boolean verbose() {
        return verbose;
    }
}
