package io.memrun.runtime.cache;

/**
 * Joins the CRC-32Cs of two adjacent byte ranges into the CRC-32C of both, without the bytes
 * (zlib's {@code crc32_combine} method over GF(2), with the Castagnoli polynomial). Lets the
 * fetcher checksum each downloaded part on the thread that fetched it, while it is hot in the page
 * cache, instead of reading the whole file again after the download.
 */
final class Crc32cCombine {
    /** The Castagnoli polynomial, bit-reversed as {@link java.util.zip.CRC32C} uses it. */
    private static final int POLY = 0x82F63B78;

    private Crc32cCombine() {
    }

    /**
     * @param crc1 the CRC-32C of the first range
     * @param crc2 the CRC-32C of the range right after it
     * @param length2 the second range's length in bytes
     * @return the CRC-32C of the two ranges together
     */
    static long combine(long crc1, long crc2, long length2) {
        if (length2 <= 0) {
            return crc1;
        }
        int[] even = new int[32]; // the operator for 2^n zero bits, n even
        int[] odd = new int[32];
        odd[0] = POLY; // the operator for one zero bit
        int row = 1;
        for (int n = 1; n < 32; n++) {
            odd[n] = row;
            row <<= 1;
        }
        square(even, odd); // two zero bits
        square(odd, even); // four
        int c = (int) crc1;
        long len = length2;
        // Apply len zero bytes to crc1: one operator per set bit of len, starting at one byte (8 bits).
        do {
            square(even, odd);
            if ((len & 1) != 0) {
                c = times(even, c);
            }
            len >>>= 1;
            if (len == 0) {
                break;
            }
            square(odd, even);
            if ((len & 1) != 0) {
                c = times(odd, c);
            }
            len >>>= 1;
        } while (len != 0);
        return (c ^ (int) crc2) & 0xFFFF_FFFFL;
    }

    private static int times(int[] matrix, int vector) {
        int sum = 0;
        for (int i = 0; vector != 0; i++, vector >>>= 1) {
            if ((vector & 1) != 0) {
                sum ^= matrix[i];
            }
        }
        return sum;
    }

    private static void square(int[] square, int[] matrix) {
        for (int n = 0; n < 32; n++) {
            square[n] = times(matrix, matrix[n]);
        }
    }
}
