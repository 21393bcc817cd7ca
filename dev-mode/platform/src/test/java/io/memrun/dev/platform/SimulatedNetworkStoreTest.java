package io.memrun.dev.platform;

import io.memrun.runtime.objectstore.ObjectStore;

import io.memrun.runtime.objectstore.ObjectUri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memrun.runtime.testing.SharedInfra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The simulated network only ever adds time: lower bounds, which sleeping guarantees. */
class SimulatedNetworkStoreTest {
    @Test
    void download_withLatencyAndBandwidth_takesAtLeastLatencyPlusTransferTime() throws Exception {
        SharedInfra infra = SharedInfra.get();
        ObjectUri uri = ObjectUri.parse("s3://network-sim/one-mib.bin");
        try (ObjectStore real = infra.objectStore()) {
            real.ensureBucket(uri.bucket());
            real.upload(uri, new byte[1 << 20]);
        }
        ObjectStore slow = SimulatedNetworkStore.wrap(infra.objectStore(),
                new NetworkProfile(Duration.ofMillis(80), 10_000_000));
        Path target = infra.newDir("sim").resolve("x");
        long t0 = System.nanoTime();
        assertEquals(1 << 20, slow.download(uri, target).size());
        double ms = (System.nanoTime() - t0) / 1e6;
        assertTrue(ms >= 80 + 104, "80 ms latency + 1 MiB at 10 MB/s (105 ms) must be felt, took " + ms);
        assertEquals(1 << 20, Files.size(target));
        slow.close();
    }

    @Test
    void wrap_localProfile_returnsTheStoreItself() {
        try (ObjectStore real = SharedInfra.get().objectStore()) {
            assertTrue(SimulatedNetworkStore.wrap(real, NetworkProfile.local()) == real);
        }
    }

    @Test
    void parseBandwidth_bytesAndBits() {
        assertEquals(100_000_000, NetworkProfile.parseBandwidth("100MB/s"));
        assertEquals(50L << 20, NetworkProfile.parseBandwidth("50MiB/s"));
        assertEquals(125_000_000, NetworkProfile.parseBandwidth("1Gbit/s"));
        assertThrows(IllegalArgumentException.class, () -> NetworkProfile.parseBandwidth("fast"));
    }
}
