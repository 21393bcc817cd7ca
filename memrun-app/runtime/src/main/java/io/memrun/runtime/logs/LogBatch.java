package io.memrun.runtime.logs;

import java.util.List;

/**
 * Log lines of one worker process, as JSON on {@link #TOPIC} keyed by server name.
 *
 * @param service the service the worker runs
 * @param slot its slot ({@code s0}, ...), as {@code memrun cloud logs --worker} names it
 * @param server the server it runs on
 * @param lines the lines, oldest first
 * @param dropped lines dropped before this batch because the worker logged faster than it could ship
 */
public record LogBatch(String service, String slot, String server, List<Line> lines, long dropped) {
    /** The topic log batches go to. */
    public static final String TOPIC = "memrun.logs";

    public LogBatch {
        lines = List.copyOf(lines);
    }

    /**
     * One line.
     *
     * @param atMs epoch milliseconds
     * @param level ERROR, WARN, INFO, ...
     * @param text the formatted message (with the logger's short name)
     */
    public record Line(long atMs, String level, String text) {
    }
}
