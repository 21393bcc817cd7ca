package io.memrun.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a deterministic sales CSV of about a given size for the analytics example: columns
 * {@code order_id,customer,region,product,amount,quantity}, about 40 bytes a row. Numbers are
 * formatted by hand because {@code String.format} would make generating 2 GiB take minutes.
 */
final class CsvGenerator {
    static final String HEADER = "order_id,customer,region,product,amount,quantity\n";
    private static final byte[][] REGIONS = bytes("eu", "us", "apac", "latam", "mea");
    private static final byte[][] PRODUCTS = bytes("widget", "gadget", "gizmo", "doohickey", "sprocket", "\"cable, 2m\"");
    private static final int CUSTOMERS = 100_000;

    private CsvGenerator() {
    }

    /**
     * Writes rows until the file holds at least {@code bytes} bytes.
     *
     * @return the number of data rows written
     */
    static long write(Path file, long bytes) throws IOException {
        long rows = 0;
        long written;
        byte[] line = new byte[128];
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            byte[] header = HEADER.getBytes(StandardCharsets.US_ASCII);
            out.write(header);
            written = header.length;
            long state = 42;
            while (written < bytes) {
                state += 0x9E3779B97F4A7C15L;
                long r = mix(state);
                int n = 0;
                n = putLong(line, n, 10_000_000L + rows);
                line[n++] = ',';
                line[n++] = 'c';
                n = putLong(line, n, (r >>> 1) % CUSTOMERS);
                line[n++] = ',';
                n = put(line, n, REGIONS[(int) ((r >>> 20) % REGIONS.length)]);
                line[n++] = ',';
                n = put(line, n, PRODUCTS[(int) ((r >>> 28) % PRODUCTS.length)]);
                line[n++] = ',';
                long cents = 100 + (r >>> 36) % 99_900;
                n = putLong(line, n, cents / 100);
                line[n++] = '.';
                line[n++] = (byte) ('0' + cents % 100 / 10);
                line[n++] = (byte) ('0' + cents % 10);
                line[n++] = ',';
                n = putLong(line, n, 1 + (r >>> 54) % 10);
                line[n++] = '\n';
                out.write(line, 0, n);
                written += n;
                rows++;
            }
        }
        return rows;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static int put(byte[] buf, int at, byte[] s) {
        System.arraycopy(s, 0, buf, at, s.length);
        return at + s.length;
    }

    /** Writes a non-negative number in decimal. */
    private static int putLong(byte[] buf, int at, long v) {
        int digits = 1;
        for (long x = v; x >= 10; x /= 10) {
            digits++;
        }
        for (int i = at + digits - 1; i >= at; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return at + digits;
    }

    private static byte[][] bytes(String... values) {
        byte[][] out = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i].getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }
}
