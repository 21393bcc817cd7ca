package io.memrun.shell.internal.commands;

import io.memrun.shell.internal.Formats;
import io.memrun.shell.internal.ObjectStoreClient;
import io.memrun.shell.internal.ProgressDisplay;
import io.memrun.shell.internal.S3Location;
import io.memrun.shell.internal.ShellContext;
import io.memrun.shell.internal.UploadPlan;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code upload}: put local data where handlers can {@code getOrFetch} it. */
@Command(name = "upload", header = "Upload a local file or directory to the object store.", description = {"Upload a local file or directory to the object store (the bucket is created if missing).",
        "Shows a progress bar on a terminal for uploads of 4 MiB or more."},
        footer = {"", "Examples:", "  upload sales.csv s3://datasets/            (to s3://datasets/sales.csv)",
                "  upload sales.csv s3://datasets/d7.csv", "  upload ./data s3://datasets/2026/         (every file, relative paths kept)"})
public final class UploadCommand implements Callable<Integer> {
    /** Below this a bar would flash by: not worth the noise. */
    private static final long BAR_THRESHOLD = 4L << 20;

    @Parameters(index = "0", paramLabel = "PATH", description = "A local file or directory.")
    Path local;

    @Parameters(index = "1", paramLabel = "S3_URI", description = "s3://bucket/key, or s3://bucket/prefix/ to keep file names.")
    String target;

    private final ShellContext ctx;

    public UploadCommand(ShellContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        UploadPlan plan = UploadPlan.of(local, S3Location.parse(target));
        if (plan.items().isEmpty()) {
            ctx.out().println("nothing to upload: " + local + " has no files");
            return 0;
        }
        ObjectStoreClient store = ctx.objectStore();
        String bucket = plan.items().get(0).target().bucket();
        if (store.ensureBucket(bucket)) {
            ctx.out().println("created bucket " + bucket);
        }
        long total = plan.totalBytes();
        long t0 = System.nanoTime();
        ProgressDisplay display = total >= BAR_THRESHOLD ? ctx.progress() : ProgressDisplay.none();
        try (ProgressDisplay.Progress bar = display.start("upload", total, "MiB", 1L << 20)) {
            long before = 0;
            for (UploadPlan.Item item : plan.items()) {
                long base = before;
                store.upload(item.file(), item.target(), sent -> bar.stepTo(base + sent));
                before += item.size();
                bar.stepTo(before);
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        if (plan.items().size() == 1) {
            ctx.out().printf("uploaded %s to %s (%s in %.2f s)%n", local, plan.items().get(0).target(), Formats.bytes(total), secs);
        } else {
            ctx.out().printf("uploaded %d files from %s to %s (%s in %.2f s)%n", plan.items().size(), local, target,
                    Formats.bytes(total), secs);
        }
        return 0;
    }
}
