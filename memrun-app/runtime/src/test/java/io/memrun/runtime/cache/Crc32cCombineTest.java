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

    @Test
    void aLargeBufferChecksummedInSlicesPerCore_givesTheCrcOfTheWhole() {
        Random random = new Random(7);
        for (int length : new int[] {0, 1, (16 << 20) - 1, (16 << 20) + 12_345, 40_000_003}) {
            byte[] b = new byte[length + 10];
            random.nextBytes(b);
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(b, 5, length); // not at position 0
            assertEquals(crc(b, 5, 5 + length), FileChecksum.crc32c(buffer), "length " + length);
            assertEquals(5, buffer.position(), "the buffer is left as it was");
        }
    }
}
