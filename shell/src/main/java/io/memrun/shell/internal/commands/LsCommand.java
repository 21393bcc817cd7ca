package io.memrun.shell.internal.commands;

import io.memrun.shell.internal.Formats;
import io.memrun.shell.internal.ObjectStoreClient;
import io.memrun.shell.internal.S3Location;
import io.memrun.shell.internal.ShellContext;
import io.memrun.shell.internal.TextTable;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ls}: buckets, or the objects under a prefix. */
@Command(name = "ls", header = "List buckets, or objects under a prefix.", description = "List buckets, or the objects in a bucket under a prefix.",
        footer = {"", "Examples:", "  ls", "  ls s3://datasets", "  ls s3://datasets/2026/"})
public final class LsCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "S3_URI", description = "s3://bucket[/prefix]; none lists the buckets.")
    String location;

    @Option(names = "--limit", defaultValue = "1000", description = "Most objects to list. Default: ${DEFAULT-VALUE}")
    int limit;

    private final ShellContext ctx;

    public LsCommand(ShellContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        ObjectStoreClient store = ctx.objectStore();
        if (location == null || location.equals("s3://")) {
            List<String> buckets = store.buckets();
            buckets.forEach(b -> ctx.out().println("s3://" + b + "/"));
            if (buckets.isEmpty()) {
                ctx.out().println("no buckets at " + store.endpoint());
            }
            return 0;
        }
        S3Location where = S3Location.parse(location);
        List<ObjectStoreClient.Listed> objects = store.list(where, limit + 1);
        if (objects.isEmpty()) {
            ctx.out().println("no objects under " + where);
            return 0;
        }
        TextTable t = new TextTable("SIZE", "MODIFIED", "OBJECT");
        long total = 0;
        for (ObjectStoreClient.Listed o : objects.subList(0, Math.min(limit, objects.size()))) {
            t.row(Formats.bytes(o.size()), o.modified(), "s3://" + where.bucket() + "/" + o.key());
            total += o.size();
        }
        t.print(ctx.out());
        int shown = Math.min(limit, objects.size());
        ctx.out().println(shown + (shown == 1 ? " object, " : " objects, ") + Formats.bytes(total)
                + (objects.size() > limit ? " (more not shown; raise --limit)" : ""));
        return 0;
    }
}
