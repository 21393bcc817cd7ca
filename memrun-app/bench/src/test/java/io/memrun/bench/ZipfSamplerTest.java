package io.memrun.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ZipfSamplerTest {
    @Test
    void probabilitiesFollowOneOverRank() {
        ZipfSampler z = new ZipfSampler(1000, 1.0, 1);
        double harmonic = 0;
        for (int i = 1; i <= 1000; i++) {
            harmonic += 1.0 / i;
        }
        assertEquals(1 / harmonic, z.probability(0), 1e-12);
        assertEquals(z.probability(0) / 10, z.probability(9), 1e-12);
        double sum = 0;
        for (int i = 0; i < 1000; i++) {
            sum += z.probability(i);
        }
        assertEquals(1.0, sum, 1e-9);
    }

    @Test
    void samplesMatchTheDistributionAndStayInRange() {
        ZipfSampler z = new ZipfSampler(1000, 1.0, 7);
        int[] seq = z.sequence(200_000);
        int[] counts = new int[1000];
        for (int r : seq) {
            assertTrue(r >= 0 && r < 1000, "rank " + r);
            counts[r]++;
        }
        assertEquals(z.probability(0), counts[0] / 200_000.0, 0.01);
        assertTrue(counts[0] > counts[1] && counts[1] > counts[9], "rank 0 is the most popular");
    }

    @Test
    void theSameSeedGivesTheSameSequence() {
        assertArrayEquals(new ZipfSampler(100, 1.0, 3).sequence(500), new ZipfSampler(100, 1.0, 3).sequence(500));
    }
}
