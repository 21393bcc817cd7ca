package io.memrun.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Key distributions, percentiles, request templating and the runner, with a fake invoker. */
class BenchTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static BenchPlan plan(int n, int c, KeyDistribution keys, String... fields) {
        return new BenchPlan("svc", n, c, keys, 7, RequestFields.parse(List.of(fields)), List.of("user_id", "dataset_id"),
                Duration.ofSeconds(5));
    }

    @Test
    void zipf_keyZero_isDrawnMostOftenAndAboutAsPredicted() {
        KeyDistribution z = KeyDistribution.of("zipf", 100);
        int[] counts = new int[100];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 100_000; i++) {
            counts[z.next(r)]++;
        }
        double h100 = 0;
        for (int i = 1; i <= 100; i++) {
            h100 += 1.0 / i;
        }
        assertEquals(100_000 / h100, counts[0], 100_000 / h100 * 0.05); // P(0) = 1/H(100), within 5%
        assertTrue(counts[0] > counts[1] && counts[1] > counts[9] && counts[9] > counts[99]);
    }

    @Test
    void uniform_everyKeyDrawn_roughlyEqually() {
        KeyDistribution u = KeyDistribution.of("uniform", 10);
        int[] counts = new int[10];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 50_000; i++) {
            counts[u.next(r)]++;
        }
        for (int c : counts) {
            assertEquals(5000, c, 300);
        }
    }

    @Test
    void of_unknownDistribution_failsNamingChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyDistribution.of("pareto", 5));
        assertTrue(e.getMessage().contains("uniform or zipf"));
    }

    @Test
    void percentile_nearestRank() {
        long[] nanos = new long[1000];
        for (int i = 0; i < 1000; i++) {
            nanos[i] = (1000 - i) * 1_000_000L; // 1..1000 ms, unsorted
        }
        LatencyStats s = new LatencyStats(nanos);
        assertEquals(500.0, s.percentileMs(0.5), 1e-9);
        assertEquals(990.0, s.percentileMs(0.99), 1e-9);
        assertEquals(999.0, s.percentileMs(0.999), 1e-9);
        assertEquals(1000.0, s.maxMs(), 1e-9);
        assertEquals(0.0, new LatencyStats(new long[0]).percentileMs(0.99), 1e-9);
    }

    @Test
    void requestFor_stickyFieldsGetKeySuffix_andPlaceholdersAreReplaced() {
        BenchPlan p = plan(1, 1, KeyDistribution.of("uniform", 3), "user_id=u1", "s3_path=s3://d/{k}.csv", "q.op=sum");
        assertEquals("{\"user_id\":\"u1-2\",\"s3_path\":\"s3://d/2.csv\",\"q\":{\"op\":\"sum\"},\"dataset_id\":\"dataset_id-2\"}",
                p.requestFor(2).toString());
        BenchPlan templated = plan(1, 1, KeyDistribution.of("uniform", 3), "user_id=u", "dataset_id=d{k}");
        assertEquals("{\"user_id\":\"u-0\",\"dataset_id\":\"d0\"}", templated.requestFor(0).toString());
    }

    @Test
    void run_countsHitsMissesErrorsAndUsesOnlyKeysInRange() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger calls = new AtomicInteger();
        BenchRunner.Invoker fake = (service, body, deadline) -> {
            int i = calls.incrementAndGet();
            String key = JSON.readTree(body).path("user_id").asText();
            if (i % 10 == 0) {
                return new InvokeResult(503, "{\"error\":\"broker unavailable\",\"detail\":\"retry\"}", "-", "-", "-", "-",
                        ServerTiming.parse(null), 1);
            }
            if (i % 10 == 5) {
                throw new IOException("connection reset");
            }
            return new InvokeResult(200, "{}", "w", "0", seen.add(key) ? "miss" : "hit", "r", ServerTiming.parse(null), 1);
        };
        AtomicInteger lastProgress = new AtomicInteger();
        BenchResult r = BenchRunner.run(plan(200, 8, KeyDistribution.of("zipf", 5), "user_id=u"), fake,
                n -> lastProgress.accumulateAndGet((int) n, Math::max));
        assertEquals(200, r.finished());
        assertEquals(200, lastProgress.get());
        assertEquals(40, r.errorCount());
        assertEquals(Long.valueOf(20), r.errors().get("error 503 broker unavailable: retry"));
        assertEquals(Long.valueOf(20), r.errors().get("connection reset"));
        assertEquals(160, r.hits() + r.misses());
        assertTrue(r.misses() <= 5, "at most one miss per key: " + r.misses());
        assertTrue(seen.stream().allMatch(k -> k.matches("u-[0-4]")), seen.toString());
        assertEquals(160, r.latency().count());
        assertFalse(r.interrupted());
        StringWriter text = new StringWriter();
        r.print(new PrintWriter(text, true));
        assertTrue(text.toString().contains("hit rate"), text.toString());
        assertTrue(text.toString().contains("p999"), text.toString());
    }

    @Test
    void run_interrupted_stopsEarlyAndSaysSo() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        BenchRunner.Invoker blocking = (service, body, deadline) -> {
            started.countDown();
            new CountDownLatch(1).await(); // a request that never answers, like a hung call; only an interrupt ends it
            throw new AssertionError("unreachable");
        };
        AtomicReference<BenchResult> result = new AtomicReference<>();
        AtomicBoolean interruptKept = new AtomicBoolean();
        Thread runner = Thread.ofPlatform().start(() -> {
            result.set(BenchRunner.run(plan(1000, 4, KeyDistribution.of("uniform", 5), "user_id=u"), blocking, n -> { }));
            interruptKept.set(Thread.interrupted());
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        runner.interrupt(); // what Ctrl-C does to the shell's command thread
        runner.join(10_000);
        assertFalse(runner.isAlive());
        assertTrue(result.get().interrupted());
        assertTrue(interruptKept.get(), "the interrupt is kept for the caller");
        assertEquals(0, result.get().finished());
    }

    @Test
    void plan_invalidConcurrency_failsNamingOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> plan(10, 0, KeyDistribution.of("uniform", 1)));
        assertTrue(e.getMessage().contains("-c must be"), e.getMessage());
    }
}
