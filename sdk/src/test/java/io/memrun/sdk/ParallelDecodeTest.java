package io.memrun.sdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import io.memrun.sdk.testing.LocalObjects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParallelDecodeTest {
    @TempDir
    Path dir;

    @Test
    void decode_laterChunksFinishFirst_resultsInChunkOrder() throws Exception {
        Path file = write(randomBytes(10_000));
        long[] bounds = ParallelDecode.evenBounds(0, 10_000, 1_000);

        List<Integer> results = ParallelDecode.decode(file, bounds, 4, (chunk, index) -> {
            sleep(5 * (10 - index)); // the first chunk is the slowest
            return index;
        });

        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), results);
    }

    @Test
    void decode_unevenAndEmptyChunks_coverEveryByteExactlyOnce() throws Exception {
        byte[] bytes = randomBytes(100_003);
        Path file = write(bytes);
        long[] bounds = {0, 0, 1, 17, 17, 50_000, 99_999, 100_003, 100_003};

        List<byte[]> chunks = ParallelDecode.decode(file, bounds, 3, (chunk, index) -> {
            assertTrue(chunk.isReadOnly());
            assertEquals(0, chunk.position());
            assertEquals(bounds[index + 1] - bounds[index], chunk.limit());
            byte[] copy = new byte[chunk.remaining()];
            chunk.get(copy);
            return copy;
        });

        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        chunks.forEach(joined::writeBytes);
        assertEquals(bounds.length - 1, chunks.size());
        assertArrayEquals(bytes, joined.toByteArray());
    }

    @Test
    void decode_fileOverTwoGibibytes_mapsEachChunkOnItsOwn() throws Exception {
        Path file = dir.resolve("sparse.bin");
        long size = (5L << 30) / 2; // 2.5 GiB, sparse: no disk blocks behind the zeros
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(size);
            out.seek(size - 1);
            out.write(42);
        }
        long[] bounds = ParallelDecode.evenBounds(0, size, 1L << 30);

        List<Byte> lastBytes = ParallelDecode.decode(file, bounds, 2, (chunk, index) -> chunk.get(chunk.limit() - 1));

        assertEquals(List.of((byte) 0, (byte) 0, (byte) 42), lastBytes);
    }

    @Test
    void decode_decoderThrowsHandlerException_sameExceptionReachesCallerAndLaterChunksAreSkipped() throws Exception {
        Path file = write(randomBytes(1_000));
        long[] bounds = ParallelDecode.evenBounds(0, 1_000, 10);
        HandlerException thrown = HandlerException.badRequest("chunk 3 is malformed");
        AtomicInteger started = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();

        HandlerException caught = assertThrows(HandlerException.class,
                () -> ParallelDecode.decode(file, bounds, 2, (chunk, index) -> {
                    started.incrementAndGet();
                    running.incrementAndGet();
                    try {
                        if (index == 3) {
                            throw thrown;
                        }
                        sleep(20);
                        return index;
                    } finally {
                        running.decrementAndGet();
                    }
                }));

        assertSame(thrown, caught);
        assertEquals(0, running.get(), "no decoder runs once the call returns");
        assertTrue(started.get() < 20, "chunks after the failure were skipped, but " + started + " of 100 started");
    }

    @Test
    void decode_decoderThrowsIOException_propagatesAsThrown() throws Exception {
        Path file = write(randomBytes(100));
        IOException thrown = new IOException("disk went away");

        IOException caught = assertThrows(IOException.class,
                () -> ParallelDecode.decode(file, new long[] {0, 50, 100}, 2, (chunk, index) -> {
                    if (index == 1) {
                        throw thrown;
                    }
                    return index;
                }));

        assertSame(thrown, caught);
    }

    @Test
    void decode_oneThread_decodesOnCallingThreadInOrder() throws Exception {
        Path file = write(randomBytes(100));
        Thread caller = Thread.currentThread();

        List<Integer> results = ParallelDecode.decode(file, new long[] {0, 30, 100}, 1, (chunk, index) -> {
            assertSame(caller, Thread.currentThread());
            return chunk.remaining();
        });

        assertEquals(List.of(30, 70), results);
    }

    @Test
    void decode_badBounds_rejected() throws Exception {
        Path file = write(randomBytes(100));
        ParallelDecode.ChunkDecoder<ByteBuffer> identity = (chunk, index) -> chunk;
        assertThrows(IllegalArgumentException.class, () -> ParallelDecode.decode(file, new long[] {0}, 2, identity));
        assertThrows(IllegalArgumentException.class, () -> ParallelDecode.decode(file, new long[] {0, 60, 50, 100}, 2, identity));
        assertThrows(IllegalArgumentException.class, () -> ParallelDecode.decode(file, new long[] {0, 101}, 2, identity));
        assertThrows(IllegalArgumentException.class, () -> ParallelDecode.decode(file, new long[] {0, 100}, 0, identity));
    }

    @Test
    void evenBounds_lastChunkShorter() {
        assertArrayEquals(new long[] {5, 15, 25, 28}, ParallelDecode.evenBounds(5, 28, 10));
        assertArrayEquals(new long[] {5, 5}, ParallelDecode.evenBounds(5, 5, 10));
        assertArrayEquals(new long[] {0, 10, 20}, ParallelDecode.evenBounds(0, 20, 10));
    }

    @Test
    void decodeRecords_cutsJustAfterADelimiter_coveringEveryByteOnce() throws Exception {
        StringBuilder text = new StringBuilder("header\n");
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 5_000; i++) {
            text.append("line-").append(i).append("-".repeat(random.nextInt(0, 120))).append('\n');
        }
        text.append("last line without a newline");
        byte[] bytes = text.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        CachedObject file = LocalObjects.of(write(bytes));

        List<String> chunks = ParallelDecode.decodeRecords(file, 7, 10_000, (byte) '\n', 2, (chunk, index) -> {
            byte[] copy = new byte[chunk.remaining()];
            chunk.get(copy);
            return new String(copy, java.nio.charset.StandardCharsets.US_ASCII);
        });

        assertEquals(String.join("", chunks), text.substring(7), "every byte after the start, once, in order");
        for (int i = 0; i < chunks.size() - 1; i++) {
            String c = chunks.get(i);
            assertTrue(c.isEmpty() || c.endsWith("\n"), "chunk " + i + " ends with a whole record");
            assertTrue(chunks.get(i + 1).isEmpty() || chunks.get(i + 1).startsWith("line-")
                    || chunks.get(i + 1).startsWith("last"), "chunk " + (i + 1) + " starts a record");
        }
    }

    @Test
    void decodeRecords_aRecordLongerThanAChunk_leavesTheChunksItSpansEmpty() throws Exception {
        byte[] bytes = ("a\n" + "x".repeat(5_000) + "\nb\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        CachedObject file = LocalObjects.of(write(bytes));

        List<Integer> lengths = ParallelDecode.decodeRecords(file, 0, 1_000, (byte) '\n', 3,
                (chunk, index) -> chunk.remaining());

        assertEquals(bytes.length, lengths.stream().mapToInt(Integer::intValue).sum());
        assertEquals(5_003, lengths.get(0), "the first chunk runs to just after the long record");
        assertEquals(List.of(0, 0, 0, 0), lengths.subList(1, 5));
        assertEquals(2, lengths.get(5), "the last chunk starts where the long record's newline left off");
    }

    @Test
    void decodeRecords_noDelimiterAtAll_readsTheFileOnceNotOncePerChunk() throws Exception {
        byte[] bytes = new byte[1 << 20];
        java.util.Arrays.fill(bytes, (byte) 'x');
        CachedObject local = LocalObjects.of(write(bytes));
        java.util.concurrent.atomic.AtomicLong mapped = new java.util.concurrent.atomic.AtomicLong();
        CachedObject counting = new CachedObject() { // the same object, counting the bytes mapped
            public String uri() {
                return local.uri();
            }

            public Path path() {
                return local.path();
            }

            public long size() {
                return local.size();
            }

            public boolean hit() {
                return true;
            }

            public java.io.InputStream open() throws IOException {
                return local.open();
            }

            public ByteBuffer map() throws IOException {
                return local.map();
            }

            public ByteBuffer map(long offset, long length) throws IOException {
                mapped.addAndGet(length);
                return local.map(offset, length);
            }

            public <T> T decoded(DecodedForm<T> form) {
                throw new UnsupportedOperationException();
            }
        };

        List<Integer> lengths = ParallelDecode.decodeRecords(counting, 0, 10_000, (byte) '\n', 2,
                (chunk, index) -> chunk.remaining());

        assertEquals(bytes.length, (int) lengths.get(0), "one record, so one chunk holds it all");
        assertTrue(lengths.subList(1, lengths.size()).stream().allMatch(n -> n == 0));
        // Each range is scanned once (two threads may race to scan the same one), plus the chunk's own
        // map: a few times the file, where a scan to the next delimiter per chunk would be ~50 times.
        assertTrue(mapped.get() <= 4L * bytes.length, mapped.get() + " bytes mapped for a file of " + bytes.length);
    }

    private Path write(byte[] bytes) throws IOException {
        Path file = dir.resolve("data.bin");
        Files.write(file, bytes);
        return file;
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new SplittableRandom(7).nextBytes(bytes);
        return bytes;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
