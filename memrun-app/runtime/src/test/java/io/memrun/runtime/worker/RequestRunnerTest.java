package io.memrun.runtime.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.runtime.cache.DiskCache;
import io.memrun.runtime.cache.MemoryStore;
import io.memrun.runtime.testing.SharedInfra;
import io.memrun.runtime.wire.WireReply;
import io.memrun.runtime.wire.WireRequest;
import io.memrun.sdk.HandlerException;
import io.memrun.sdk.StickyKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a request's reply is, whatever path it came by: the gateway always sets the routing key, but
 * a record produced straight to the request topic may have none, and its body is then the only
 * source of the sticky key.
 */
class RequestRunnerTest {
    @TempDir
    Path dir;

    private WireReply run(String body, String key) throws Exception {
        DiskCache disk = new DiskCache(dir.resolve("cache"), 1 << 20, 100, SharedInfra.get().objectStore(), System::currentTimeMillis);
        SharedContext shared = new SharedContext("t-w0", "t", disk, new MemoryStore(1 << 20));
        RequestRunner runner = new RequestRunner((ctx, req) -> {
            if (req.json().has("reject")) {
                throw HandlerException.notFound("no such dataset");
            }
            // What a streamed download's failure looks like from the handler: as thrown, or wrapped by
            // CachedObject.path(), which cannot throw IOException.
            switch (req.json().path("fail").asText()) {
                case "store" -> throw new java.io.UncheckedIOException(
                        new io.memrun.runtime.objectstore.ObjectStoreUnavailableException("object changed", null));
                case "gone" -> throw new io.memrun.runtime.objectstore.ObjectNotFoundException(
                        io.memrun.runtime.objectstore.ObjectUri.parse("s3://bucket/gone.csv"));
                case "other" -> throw new java.io.UncheckedIOException(new java.io.IOException("disk error"));
                default -> { }
            }
            return Map.of("key", req.key());
        }, StickyKey.parse("user_id:dataset_id"), shared, 1 << 20);
        return runner.run(new WireRequest("r1", key, body.getBytes(StandardCharsets.UTF_8), "replies",
                System.currentTimeMillis() + 10_000, 0), 0, 0);
    }

    private static String text(WireReply reply) {
        return new String(reply.body(), StandardCharsets.UTF_8);
    }

    @Test
    void run_recordWithoutKeyMissingAStickyField_is400NamingTheField() throws Exception {
        WireReply reply = run("{\"user_id\":\"u1\"}", null);
        assertEquals(400, reply.status(), text(reply));
        assertTrue(text(reply).contains("dataset_id"), text(reply));
    }

    @Test
    void run_recordWithoutKey_routesByTheBodysStickyFields() throws Exception {
        WireReply reply = run("{\"user_id\":\"u1\",\"dataset_id\":\"d\"}", null);
        assertEquals(200, reply.status(), text(reply));
        assertTrue(text(reply).contains("u1:d"), text(reply));
    }

    @Test
    void run_bodyNotJson_is400() throws Exception {
        WireReply reply = run("{not json", "k");
        assertEquals(400, reply.status(), text(reply));
        assertTrue(text(reply).contains("not valid JSON"), text(reply));
    }

    @Test
    void run_handlerException_keepsItsStatusAndMessage() throws Exception {
        WireReply reply = run("{\"reject\":true}", "k");
        assertEquals(404, reply.status());
        assertTrue(text(reply).contains("no such dataset"), text(reply));
    }

    @Test
    void run_aDownloadThatFailedAfterTheHandlerWentOn_isAnsweredAsGetOrFetchWouldBe() throws Exception {
        assertEquals(502, run("{\"fail\":\"store\"}", "k").status());
        assertEquals(404, run("{\"fail\":\"gone\"}", "k").status());
        WireReply other = run("{\"fail\":\"other\"}", "k");
        assertEquals(500, other.status());
        assertTrue(text(other).contains("disk error"), text(other));
    }
}
