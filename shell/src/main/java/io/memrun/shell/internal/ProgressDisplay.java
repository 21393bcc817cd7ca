package io.memrun.shell.internal;

import java.io.PrintWriter;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * How long-running commands (upload, bench) show progress: a progress bar redrawn in place on a
 * terminal, nothing when the shell is scripted (a bar's carriage returns would garble a log).
 */
public interface ProgressDisplay {
    /** A running progress indicator; {@link #close()} finishes its line. */
    interface Progress extends AutoCloseable {
        /** Sets the current amount done. */
        void stepTo(long done);

        @Override
        void close();
    }

    /**
     * Starts showing progress towards {@code max} units.
     *
     * @param unit the unit's name ({@code MiB}, {@code req})
     * @param unitSize how many counted items make one unit (1 MiB = 1048576 bytes)
     */
    Progress start(String task, long max, String unit, long unitSize);

    /** Shows nothing. */
    static ProgressDisplay none() {
        return (task, max, unit, unitSize) -> new Progress() {
            @Override
            public void stepTo(long done) {
            }

            @Override
            public void close() {
            }
        };
    }

    /** A progress bar on {@code terminal}, {@code width} columns wide at most. */
    static ProgressDisplay bar(PrintWriter terminal, int width) {
        return (task, max, unit, unitSize) -> {
            ProgressBar bar = new ProgressBarBuilder()
                    .setTaskName(task)
                    .setInitialMax(max)
                    .setUnit(" " + unit, unitSize)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(200)
                    .showSpeed()
                    .setConsumer(new DelegatingProgressBarConsumer(line -> {
                        terminal.print('\r');
                        terminal.print(line);
                        terminal.flush();
                    }, Math.max(40, width - 1)))
                    .build();
            return new Progress() {
                @Override
                public void stepTo(long done) {
                    bar.stepTo(done);
                }

                @Override
                public void close() {
                    // The bar stops its render thread and waits for it; a pending interrupt (Ctrl-C
                    // stopped a bench) would cut that wait short and let a last redraw land after
                    // the command's own output, over the next prompt.
                    boolean interrupted = Thread.interrupted();
                    try {
                        bar.close();
                    } finally {
                        terminal.println();
                        terminal.flush();
                        if (interrupted) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
            };
        };
    }
}
