package io.memrun.sdk.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.sdk.CachedObject;
import io.memrun.sdk.HandlerException;
import io.memrun.sdk.MemoryService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeWorkerTest {
    /** Reads the object named by s3_path and decodes it into the shared store once. */
    private static final MemoryService LENGTH = MemoryService.builder("length-svc")
            .handler("user_id", (ctx, req) -> {
                if (req.json().has("fail")) {
                    throw HandlerException.badRequest("asked to fail");
                }
                if (req.json().has("crash")) {
                    throw new IllegalStateException("boom");
                }
                if (req.json().has("later")) {
                    return CompletableFuture.supplyAsync(() -> Map.of("later", true));
                }
                if (!req.json().has("s3_path")) {
                    return Map.of("key", req.key());
                }
                CachedObject o = ctx.getOrFetch(req.text("s3_path"));
                String text = ctx.shared().getOrCompute("text:" + o.uri(), () -> Files.readString(o.path()));
                return Map.of("length", text.length(), "hit", o.hit());
            })
            .build();

    @TempDir
    Path dir;

    @Test
    void invoke_sameObjectTwice_missThenHitAndOneDecode() throws Exception {
        try (FakeWorker w = FakeWorker.of(LENGTH).putObject("s3://b/a.txt", "hello".getBytes(StandardCharsets.UTF_8))) {
            FakeReply first = w.invoke("{\"user_id\":\"u\",\"s3_path\":\"s3://b/a.txt\"}");
            assertEquals(200, first.status(), first.message());
            assertEquals(5, first.json().get("length").asInt());
            assertEquals("miss", first.cache());
            assertEquals("u", first.key());
            FakeReply second = w.invoke("{\"user_id\":\"u\",\"s3_path\":\"s3://b/a.txt\"}");
            assertEquals("hit", second.cache());
            assertEquals(1, w.fetches());
            assertEquals(1, w.loads());
            assertEquals("none", w.invoke("{\"user_id\":\"u\"}").cache());
        }
    }

    @Test
    void invoke_afterDropMemory_decodesAgainFromTheWarmDisk() throws Exception {
        try (FakeWorker w = FakeWorker.of(LENGTH).putObject("s3://b/a.txt", "hello".getBytes(StandardCharsets.UTF_8))) {
            w.invoke("{\"user_id\":\"u\",\"s3_path\":\"s3://b/a.txt\"}");
            w.dropMemory();
            assertEquals("hit", w.invoke("{\"user_id\":\"u\",\"s3_path\":\"s3://b/a.txt\"}").cache());
            assertEquals(2, w.loads());
            assertEquals(1, w.fetches());
        }
    }

    @Test
    void invoke_evictedAndReplacedObject_fetchesTheNewBytes() throws Exception {
        try (FakeWorker w = FakeWorker.of(LENGTH).putObject("s3://b/a.txt", "hello".getBytes(StandardCharsets.UTF_8))) {
            w.invoke("{\"user_id\":\"u\",\"s3_path\":\"s3://b/a.txt\"}");
            w.putObject("s3://b/a.txt", "hello world".getBytes(StandardCharsets.UTF_8));
            assertEquals(5, w.invoke("{\"user_id\":\"u\",\"s3_path\":\"s3://b/a.txt\"}").json().get("length").asInt(),
                    "a replaced object is not seen while cached, as on a real worker");
            w.evictObject("s3://b/a.txt");
            w.dropMemory();
            FakeReply r = w.invoke("{\"user_id\":\"u\",\"s3_path\":\"s3://b/a.txt\"}");
            assertEquals("miss", r.cache());
            assertEquals(11, r.json().get("length").asInt());
        }
    }

    @Test
    void withObjectsIn_directory_readsBucketAndKeyAsPath() throws Exception {
        Files.createDirectories(dir.resolve("data/sub"));
        Files.writeString(dir.resolve("data/sub/x.txt"), "abc");
        try (FakeWorker w = FakeWorker.withObjectsIn(LENGTH, dir)) {
            assertEquals(3, w.invoke("{\"user_id\":\"u\",\"s3_path\":\"s3://data/sub/x.txt\"}").json().get("length").asInt());
        }
        assertTrue(Files.exists(dir.resolve("data/sub/x.txt")), "the directory is only read");
    }

    @Test
    void invoke_badInput_answersWithThePlatformsStatuses() throws Exception {
        try (FakeWorker w = FakeWorker.of(LENGTH)) {
            assertEquals(400, w.invoke("{\"s3_path\":\"s3://b/a.txt\"}").status(), "missing sticky field");
            assertTrue(w.invoke("{}").message().contains("user_id"));
            assertEquals(400, w.invoke("[1]").status());
            assertEquals(400, w.invoke("{nope").status());
            assertEquals(400, w.invoke("{\"user_id\":\"u\",\"s3_path\":\"/etc/passwd\"}").status());
            assertEquals(404, w.invoke("{\"user_id\":\"u\",\"s3_path\":\"s3://b/missing\"}").status());
            FakeReply failed = w.invoke("{\"user_id\":\"u\",\"fail\":1}");
            assertEquals(400, failed.status());
            assertEquals("asked to fail", failed.message());
            FakeReply crashed = w.invoke("{\"user_id\":\"u\",\"crash\":1}");
            assertEquals(500, crashed.status());
            assertTrue(crashed.message().contains("boom"), crashed.message());
            assertEquals(true, w.invoke("{\"user_id\":\"u\",\"later\":1}").json().get("later").asBoolean());
        }
    }

    @Test
    void getOrCompute_concurrentCallsForOneKey_runTheLoaderOnce() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (FakeWorker w = FakeWorker.of(LENGTH)) {
            Future<?>[] calls = new Future<?>[8];
            for (int i = 0; i < calls.length; i++) {
                calls[i] = pool.submit(() -> w.getOrCompute("k", () -> {
                    runs.incrementAndGet();
                    release.await();
                    return "v";
                }));
            }
            release.countDown();
            for (Future<?> f : calls) {
                assertEquals("v", f.get(10, TimeUnit.SECONDS));
            }
            assertEquals(1, runs.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void getOrCompute_loaderThrows_keepsNothingAndTheNextCallRetries() throws Exception {
        try (FakeWorker w = FakeWorker.of(LENGTH)) {
            try {
                w.getOrCompute("k", () -> {
                    throw new java.io.IOException("disk");
                });
            } catch (java.io.IOException expected) {
                assertEquals("disk", expected.getMessage());
            }
            assertEquals("v", w.getOrCompute("k", () -> "v"));
        }
    }
}
