package io.memrun.shell.internal.commands;

import io.memrun.shell.internal.BenchPlan;
import io.memrun.shell.internal.BenchResult;
import io.memrun.shell.internal.BenchRunner;
import io.memrun.shell.internal.KeyDistribution;
import io.memrun.shell.internal.ProgressDisplay;
import io.memrun.shell.internal.RequestFields;
import io.memrun.shell.internal.ServiceInfo;
import io.memrun.shell.internal.ShellContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bench}: a small load run that shows latency, throughput and how warm the caches are. */
@Command(name = "bench", header = "Run a small load; print p50/p99/p999, requests/s, hit rate, errors.", description = {"Run a small load: N requests, C at a time, over K distinct sticky keys",
        "(uniform or Zipf), and print p50/p99/p999 latency, requests/s, cache hit rate and errors.",
        "Ctrl-C stops it early and reports what finished."},
        footer = {"", "Each request's sticky-key fields get -k appended (k = the key's number, 0..K-1),",
                "or {k} replaced where a value contains it; {k} is replaced in other fields too.",
                "", "Examples:",
                "  bench analytics-engine -n 1000 -c 16 --keys 100 --dist zipf dataset_id=sales-2026 s3_path=s3://datasets/sales-2026.csv query.op=count",
                "  bench analytics-engine -n 200 dataset_id=d{k} s3_path=s3://datasets/d{k}.csv --keys 10"})
public final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SERVICE", description = "The service to load.")
    String service;

    @Parameters(index = "1..*", paramLabel = "FIELD=VALUE", description = "The request template, as for send.")
    List<String> fields = new ArrayList<>();

    @Option(names = "-n", paramLabel = "N", defaultValue = "1000", description = "Requests. Default: ${DEFAULT-VALUE}")
    int requests;

    @Option(names = "-c", paramLabel = "C", defaultValue = "16", description = "Requests in flight at once. Default: ${DEFAULT-VALUE}")
    int concurrency;

    @Option(names = "--keys", paramLabel = "K", defaultValue = "100", description = "Distinct sticky keys. Default: ${DEFAULT-VALUE}")
    int keys;

    @Option(names = "--dist", paramLabel = "uniform|zipf", defaultValue = "zipf",
            description = "How keys are drawn: uniform, or zipf (s=1.0, key 0 most popular). Default: ${DEFAULT-VALUE}")
    String dist;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed, for repeatable key sequences. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "Deadline per request. Default: ${DEFAULT-VALUE}")
    Duration timeout;

    private final ShellContext ctx;

    public BenchCommand(ShellContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        ServiceInfo svc = ctx.service(service);
        BenchPlan plan = new BenchPlan(service, requests, concurrency, KeyDistribution.of(dist, keys), seed,
                RequestFields.parse(fields), svc.stickyFields(), timeout);
        ctx.remember(new ShellContext.LastRequest(service, plan.requestFor(0), timeout));
        ProgressDisplay display = requests >= 200 ? ctx.progress() : ProgressDisplay.none();
        BenchResult result;
        try (ProgressDisplay.Progress bar = display.start("bench", requests, "req", 1)) {
            result = BenchRunner.run(plan, ctx.gateway()::invoke, bar::stepTo);
        }
        // The run reports partial results on Ctrl-C; the shell, not the bench, owns the interrupt.
        Thread.interrupted();
        result.print(ctx.out());
        return result.errorCount() == 0 && !result.interrupted() ? 0 : 1;
    }
}
