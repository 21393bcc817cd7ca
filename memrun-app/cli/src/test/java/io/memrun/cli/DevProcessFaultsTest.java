package io.memrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.runtime.testing.Await;
import io.memrun.runtime.testing.Http;
import io.memrun.runtime.testing.Load;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signals to the whole {@code memrun dev} stack (broker, store, gateway and workers in one JVM) under
 * load. SIGTERM: exits 0 within the drain bound, and clients see answers, a 503 "shutting down" or a
 * refused connection, never a 500. SIGKILL, then a start on the same data directory: while it is down
 * clients see refused connections, never a 5xx; requests sent after the restart are answered 200; and
 * each warm key is back on the worker that served it before, as a disk-cache hit (the slot assignor
 * gives every worker the same partitions whatever order they rejoin in; issue 13 point 8).
 */
class DevProcessFaultsTest {
    private static final String INVOKE = "/v1/services/analytics-engine/invoke";
    private static final int WARM_KEYS = 12;

    private static String query(String user) {
        return "{\"user_id\":\"" + user + "\",\"dataset_id\":\"sales-2026\",\"s3_path\":\"s3://datasets/sales-2026.csv\","
                + "\"query\":{\"op\":\"sum\",\"column\":\"amount\",\"group_by\":\"region\"}}";
    }

    @Test
    void sigtermUnderLoad_exitsZeroInTime_clientsNeverSee500(@TempDir Path tmp) throws Exception {
        DevProcess.Ports ports = DevProcess.Ports.free();
        List<Load.Outcome> outcomes;
        int exit;
        double exitSeconds;
        try (DevProcess dev = DevProcess.start(tmp.resolve("memrun-data"), ports, Duration.ofSeconds(120));
             Load load = Load.start(ports.http(), INVOKE, 16, 64, k -> query("term" + k))) {
            load.awaitOutcomes(100, o -> o.status() == 200, Duration.ofSeconds(30));
            long termAt = System.nanoTime();
            exit = dev.terminate(30);
            exitSeconds = (System.nanoTime() - termAt) / 1e9;
            outcomes = load.stop();
            assertEquals(0, exit, dev.output());
        }
        Map<Integer, Integer> byStatus = new TreeMap<>();
        outcomes.forEach(o -> byStatus.merge(o.status(), 1, Integer::sum));
        System.out.printf("fault suite, SIGTERM of memrun dev under load (16 clients): %s; exit 0 after %.1f s%n",
                byStatus, exitSeconds);
        for (Load.Outcome o : outcomes) {
            assertTrue(o.status() == 200 || o.status() == -1 || (o.status() == 503 && o.body().contains("shutting down")),
                    o.status() + ": " + o.body());
        }
    }

    @Test
    void sigkillWholeStackUnderLoad_restart_no5xx_warmKeysBackOnTheirWorkersAsHits(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("memrun-data");
        DevProcess.Ports ports = DevProcess.Ports.free();
        Map<String, String> workerOf = new TreeMap<>();
        List<Load.Outcome> outcomes;
        long killedAt;
        long healthyAt;
        try (DevProcess first = DevProcess.start(data, ports, Duration.ofSeconds(120))) {
            for (int i = 0; i < WARM_KEYS; i++) {
                HttpResponse<String> r = Http.post(ports.http(), INVOKE, query("u" + i));
                assertEquals(200, r.statusCode(), r.body());
                workerOf.put("u" + i, r.headers().firstValue("Memrun-Worker").orElseThrow());
            }
            assertEquals(2, new HashSet<>(workerOf.values()).size(), "warm keys on both workers: " + workerOf);
            // Each worker checkpoints its cache index every heartbeat; wait for the ones that hold the dataset.
            for (String w : List.of("w0", "w1")) {
                Path index = data.resolve("workers").resolve(w).resolve("cache").resolve("analytics-engine").resolve("index.json");
                Await.until(w + "'s cache index with the dataset", Duration.ofSeconds(30),
                        () -> Files.exists(index) && Files.readString(index).contains("sales-2026.csv"));
            }

            try (Load load = Load.start(ports.http(), INVOKE, 8, 64, k -> query("load" + k))) {
                load.awaitOutcomes(40, o -> o.status() == 200, Duration.ofSeconds(30));
                killedAt = System.nanoTime();
                first.kill();
                try (DevProcess second = DevProcess.start(data, ports, Duration.ofSeconds(120))) {
                    healthyAt = System.nanoTime();
                    load.awaitOutcomes(40, o -> o.sentNanos() > healthyAt && o.status() == 200, Duration.ofSeconds(60));
                    outcomes = load.stop();

                    int hits = 0;
                    for (Map.Entry<String, String> e : workerOf.entrySet()) {
                        HttpResponse<String> r = Http.post(ports.http(), INVOKE, query(e.getKey()));
                        assertEquals(200, r.statusCode(), r.body());
                        assertEquals(e.getValue(), r.headers().firstValue("Memrun-Worker").orElseThrow(),
                                "key " + e.getKey() + " moved to another worker after the restart");
                        if ("hit".equals(r.headers().firstValue("Memrun-Cache").orElse(""))) {
                            hits++;
                        }
                    }
                    assertEquals(WARM_KEYS, hits, "warm keys served from the disk cache after the restart");
                }
            }
        }
        Map<Integer, Integer> byStatus = new TreeMap<>();
        outcomes.forEach(o -> byStatus.merge(o.status(), 1, Integer::sum));
        long firstAnswer = outcomes.stream().filter(o -> o.sentNanos() > killedAt && o.status() == 200)
                .mapToLong(Load.Outcome::doneNanos).min().orElseThrow();
        System.out.printf("fault suite, SIGKILL of the whole stack under load: %s (-1: connection refused or reset while"
                        + " it was down); healthy again %.1f s after the kill, first 200 after %.1f s; %d of %d warm keys"
                        + " back on the same worker as disk hits%n",
                byStatus, (healthyAt - killedAt) / 1e9, (firstAnswer - killedAt) / 1e9, WARM_KEYS, WARM_KEYS);
        assertTrue(outcomes.stream().allMatch(o -> o.status() == 200 || o.status() == -1), byStatus.toString());
    }
}
