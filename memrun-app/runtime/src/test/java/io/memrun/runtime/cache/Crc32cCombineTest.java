package io.memrun.runtime.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class Crc32cCombineTest {
    private static long crc(byte[] b, int from, int to) {
        CRC32C c = new CRC32C();
        c.update(b, from, to - from);
        return c.getValue();
    }

    @Test
    void combiningThePartsOfAnySplit_givesTheCrcOfTheWhole() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            byte[] b = new byte[random.nextInt(5000) + 1];
            random.nextBytes(b);
            int cut = random.nextInt(b.length + 1);
            assertEquals(crc(b, 0, b.length), Crc32cCombine.combine(crc(b, 0, cut), crc(b, cut, b.length), b.length - cut),
                    "length " + b.length + " cut at " + cut);
        }
    }

    @Test
    void manyParts_foldInOrder() {
        byte[] b = new byte[1 << 20];
        new Random(7).nextBytes(b);
        int part = 64 << 10;
        long total = crc(b, 0, part);
        for (int off = part; off < b.length; off += part) {
            total = Crc32cCombine.combine(total, crc(b, off, off + part), part);
        }
        assertEquals(crc(b, 0, b.length), total);
    }
}
