package io.memrun.app.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memrun.app.json.Json;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Runs the benchmark experiments and reports them as a table and as JSON. */
public final class Bench {
    private Bench() {
    }

    /** Runs every experiment; returns the process exit code. */
    public static int run(boolean quick, Path outDir, PrintWriter out) throws Exception {
        Files.createDirectories(outDir);
        Path scratch = Files.createTempDirectory("memrun-bench-");
        out.printf("memrun bench%s on %d cores, Java %s%n", quick ? " --quick" : "", Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        out.flush();
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("cores", Runtime.getRuntime().availableProcessors());
        json.put("java", Runtime.version().toString());
        json.put("quick", quick);
        try (BenchInfra infra = new BenchInfra(scratch)) {
            out.println("request path (empty handler, warm):");
            List<RequestPathBench.Row> rows = RequestPathBench.run(infra, quick, out);
            printRequestPath(out, rows);
            ArrayNode arr = json.putArray("request_path");
            rows.forEach(r -> arr.add(Json.mapper().valueToTree(r)));
        }
        Path file = outDir.resolve("results.json");
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), json);
        out.println("results written to " + file);
        return 0;
    }

    private static void printRequestPath(PrintWriter out, List<RequestPathBench.Row> rows) {
        out.printf(Locale.ROOT, "  %-22s %7s %9s %9s %9s %10s %6s%n", "path", "clients", "p50 ms", "p99 ms", "p999 ms", "req/s", "errors");
        for (RequestPathBench.Row r : rows) {
            out.printf(Locale.ROOT, "  %-22s %7d %9.3f %9.3f %9.3f %10.0f %6d%n", r.path(), r.clients(), r.p50(), r.p99(), r.p999(), r.rps(), r.errors());
        }
        for (int clients : new int[] {1, 16, 64}) {
            RequestPathBench.Row echo = find(rows, "HTTP echo (Helidon)", clients);
            RequestPathBench.Row invoke = find(rows, "memrun invoke", clients);
            out.printf(Locale.ROOT, "  %2d client(s): invoke/echo p50 = %.1fx, invoke throughput = %.0f%% of echo%n",
                    clients, invoke.p50() / echo.p50(), 100 * invoke.rps() / echo.rps());
        }
        out.flush();
    }

    private static RequestPathBench.Row find(List<RequestPathBench.Row> rows, String path, int clients) {
        return rows.stream().filter(r -> r.path().equals(path) && r.clients() == clients).findFirst().orElseThrow();
    }
}
