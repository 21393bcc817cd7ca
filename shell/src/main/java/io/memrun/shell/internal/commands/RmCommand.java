package io.memrun.shell.internal.commands;

import io.memrun.shell.internal.Formats;
import io.memrun.shell.internal.S3Location;
import io.memrun.shell.internal.ShellContext;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code rm}: remove objects by exact key. */
@Command(name = "rm", header = "Remove objects.", description = {"Remove objects from the object store, by exact key.",
        "Workers that cached an object keep their copy until it is evicted."},
        footer = {"", "Example:", "  rm s3://datasets/old.csv"})
public final class RmCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "S3_URI", description = "s3://bucket/key of each object.")
    List<String> objects;

    private final ShellContext ctx;

    public RmCommand(ShellContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        for (String o : objects) {
            S3Location loc = S3Location.parse(o);
            if (loc.isPrefix()) {
                // Removing a whole prefix by accident is too easy to do with one stray slash.
                throw new IOException("'" + o + "' names a prefix, not an object; rm removes single objects");
            }
            long size = ctx.objectStore().remove(loc);
            ctx.out().println("removed " + loc + " (" + Formats.bytes(size) + ")");
        }
        return 0;
    }
}
