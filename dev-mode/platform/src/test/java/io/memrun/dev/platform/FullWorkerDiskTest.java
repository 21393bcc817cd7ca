package io.memrun.dev.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.memrun.runtime.gateway.GatewaySettings;
import io.memrun.runtime.objectstore.ObjectStore;
import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.runtime.registry.ServiceRegistry;
import io.memrun.runtime.testing.Http;
import io.memrun.runtime.testing.SharedInfra;
import io.memrun.sdk.MemoryService;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A worker whose cache disk really is full: its data directory is a 4 MiB tmpfs, filled by another
 * file. A miss is answered 507 naming the disk, a hit on the same worker stays 200, and once room is
 * made the same miss is served. Mounting needs root; without it the test skips and says so (the
 * cache's side of a full disk is also covered, without a mount, by DiskCacheFailureTest).
 */
class FullWorkerDiskTest {
    private static final String INVOKE = "/v1/services/full-disk-svc/invoke";

    private static String body(String key, String object) {
        return "{\"k\":\"" + key + "\",\"path\":\"s3://full-disk-data/" + object + "\"}";
    }

    private static boolean run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @Test
    void diskFull_missGets507_hitStays200_thenServedOnceThereIsRoom() throws Exception {
        SharedInfra infra = SharedInfra.get();
        Path dir = infra.newDir("full-disk");
        boolean mounted = run("mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", dir.toString());
        if (!mounted) {
            System.out.println("fault suite, full worker disk: SKIPPED (mounting a 4 MiB tmpfs needs root)");
        }
        assumeTrue(mounted, "skipped: mounting a 4 MiB tmpfs for a really full disk needs root");
        try {
            try (ObjectStore s3 = infra.objectStore()) {
                s3.ensureBucket("full-disk-data");
                for (String name : List.of("hot.bin", "big.bin")) {
                    s3.upload(ObjectUri.parse("s3://full-disk-data/" + name), new byte[512 * 1024]);
                }
            }
            MemoryService svc = MemoryService.builder("full-disk-svc").maxWorkers(1).concurrency(2)
                    .handler("k", (ctx, req) -> Map.of("size", ctx.getOrFetch(req.text("path")).size())).build();
            try (ServiceRegistry registry = ServiceRegistry.inMemory("full-disk");
                 LocalPlatform p = LocalPlatform.start(svc, LocalPlatform.Options.of(1, GatewaySettings.defaults("127.0.0.1", 0)),
                         infra.kafka(), infra.storeSettings(), registry, dir)) {
                assertEquals(200, Http.post(p.httpPort(), INVOKE, body("hot", "hot.bin")).statusCode());

                Path filler = dir.resolve("filler");
                long leave = 128 * 1024;
                Files.write(filler, new byte[(int) Math.max(0, Files.getFileStore(dir).getUsableSpace() - leave)]);

                long t0 = System.nanoTime();
                HttpResponse<String> miss = Http.post(p.httpPort(), INVOKE, body("big", "big.bin"));
                double missSeconds = (System.nanoTime() - t0) / 1e9;
                assertEquals(507, miss.statusCode(), miss.body());
                assertTrue(miss.body().contains("insufficient storage") && miss.body().contains("cache disk is full"), miss.body());
                HttpResponse<String> hit = Http.post(p.httpPort(), INVOKE, body("hot", "hot.bin"));
                assertEquals(200, hit.statusCode(), hit.body());
                assertEquals("hit", hit.headers().firstValue("Memrun-Cache").orElseThrow());

                Files.delete(filler);
                HttpResponse<String> again = Http.post(p.httpPort(), INVOKE, body("big", "big.bin"));
                assertEquals(200, again.statusCode(), again.body());
                assertEquals("miss", again.headers().firstValue("Memrun-Cache").orElseThrow());
                System.out.printf("fault suite, full worker disk: miss answered 507 in %.3f s (%s); hit 200; served once room was made%n",
                        missSeconds, miss.body());
            }
        } finally {
            run("umount", "-l", dir.toString());
        }
    }
}
