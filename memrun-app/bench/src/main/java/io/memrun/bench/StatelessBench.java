package io.memrun.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.sdk.MemoryService;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Experiment 5, the stateless baseline: the state-tax workload through the same gateway, Kafka and
 * worker, but with the handler wrapped in a {@link StatelessHandler}, so every request fetches and
 * decodes, as a cold serverless function would.
 */
final class StatelessBench {
    /**
     * @param requests client round trips, ms
     * @param fetch time fetching per request, ms
     * @param decode time decoding per request, ms
     */
    record Result(List<Double> requests, List<Double> fetch, List<Double> decode) {
        @JsonProperty
        double medianMs() {
            return Samples.median(requests);
        }
    }

    private StatelessBench() {
    }

    static Result run(BenchInfra infra, AnalyticsWorkload w, int reps, PrintWriter out) throws Exception {
        MemoryService base = w.service();
        try (ObjectStore store = infra.objectStore()) {
            StatelessHandler handler = new StatelessHandler(base.requestHandler(), store, infra.dir().resolve("stateless"));
            MemoryService svc = MemoryService.builder(base.name() + "-stateless")
                    .memory(Long.toString(base.memoryBytes())).disk(Long.toString(base.diskBytes()))
                    .maxWorkers(base.maxWorkers()).concurrency(base.concurrency())
                    .handler(base.stickyKey().toString(), handler).build();
            Samples e2e = new Samples();
            try (OneWorkerPlatform p = OneWorkerPlatform.start(infra, svc)) {
                p.startCold();
                p.invokeOk(w.request()); // JIT warm-up, not counted
                int skip = handler.fetches().count();
                for (int i = 1; i <= reps; i++) {
                    Invocation inv = p.invokeOk(w.request());
                    e2e.add(inv.ms());
                    out.printf(Locale.ROOT, "  stateless request %d/%d: %s%n", i, reps, TargetCheck.ms(inv.ms()));
                    out.flush();
                }
                List<Double> fetch = handler.fetches().values();
                List<Double> decode = handler.decodes().values();
                return new Result(e2e.values(), fetch.subList(skip, fetch.size()), decode.subList(skip, decode.size()));
            }
        }
    }
}
