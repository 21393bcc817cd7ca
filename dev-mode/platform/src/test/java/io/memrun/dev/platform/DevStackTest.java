package io.memrun.dev.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.runtime.objectstore.ObjectUri;
import io.memrun.runtime.testing.Http;
import io.memrun.runtime.testing.SharedInfra;
import io.memrun.examples.analytics.AnalyticsService;
import io.memrun.examples.analytics.SampleData;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The whole `memrun dev` stack: its own embedded broker, an external object store (the shared
 * one, as with --s3-endpoint), and a restart on the same data directory.
 */
class DevStackTest {
    @Test
    void start_restartOnSameDataDir_keepsTopicRegistryAndWarmDisk() throws Exception {
        SharedInfra infra = SharedInfra.get();
        Path data = infra.newDir("devstack");
        DevSettings settings = new DevSettings(data, 1, 0, 0, 0, 1 << 20, Optional.of(infra.storeSettings()),
                java.util.OptionalLong.empty(), io.memrun.dev.platform.NetworkProfile.local());
        ObjectUri sample = ObjectUri.parse("s3://devstack-data/sales.csv");
        DevStack.Seeder seed = store -> {
            store.ensureBucket(sample.bucket());
            store.upload(sample, SampleData.sampleCsv());
        };
        String body = SampleData.sampleQueryJson(sample.toString());
        String firstReply;
        try (DevStack stack = DevStack.start(settings, AnalyticsService.service(java.util.Set.of("devstack-data")), seed)) {
            assertTrue(stack.ready());
            assertEquals(infra.storeSettings().endpoint(), stack.objectStoreSettings().endpoint());
            HttpResponse<String> r = Http.post(stack.httpPort(), "/v1/services/analytics-engine/invoke", body);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("miss", r.headers().firstValue("Memrun-Cache").orElseThrow());
            assertEquals(1, stack.service().revision());
            firstReply = r.body();
        }
        try (DevStack again = DevStack.start(settings, AnalyticsService.service(java.util.Set.of("devstack-data")), DevStack.Seeder.none())) {
            assertEquals(2, again.service().revision(), "the registry survived the restart");
            assertEquals(40, again.service().partitions());
            HttpResponse<String> r = Http.post(again.httpPort(), "/v1/services/analytics-engine/invoke", body);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(firstReply, r.body());
            assertEquals("hit", r.headers().firstValue("Memrun-Cache").orElseThrow(),
                    "the worker's disk cache (index.json) survived the restart");
        }
    }
}
