package io.memrun.examples.analytics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Assigns each distinct text value of a column a dense code, in order of first appearance, looking
 * values up by their bytes so that a repeated value (a region, a status) costs neither a new String
 * nor any garbage. Code 0 is the empty value. The byte keys are only needed while decoding and are
 * dropped with this object; the Strings are made only when {@link #values()} asks for them, so the
 * per-chunk dictionaries that {@link ColumnMerger} folds into one never make any.
 *
 * <p>Layout, chosen so that a lookup touches one cache line in the common case:
 * <ul>
 *   <li>{@code table}: open addressing with linear probing, two {@code long}s per slot, at most
 *       {@link #MAX_LOAD_PERCENT} percent full (a smaller table misses the cache less often). The first is
 *       the slot's <em>tag</em> in its high half (the key's 32-bit hash with its low 8 bits replaced
 *       by {@code min(length, 255)}) and {@code code + 1} in its low half, 0 marking a free slot. The
 *       second is the key's first 8 bytes, little-endian, zero-padded. A key of up to 8 bytes is
 *       therefore compared with no other memory access: equal tags give equal lengths, equal words
 *       equal bytes.
 *   <li>{@link KeyPool}: every key's bytes, packed one after another in a few large arrays, where a
 *       longer key compares its remaining bytes.
 *   <li>per code: the hash (to rehash and to {@link #addAll merge} without hashing again), and the
 *       key's place in the pool and its length.
 * </ul>
 * The hash mixes the key 8 bytes at a time with a strong finalizer, so that short keys differing in
 * one digit ({@code c12345}, {@code c12346}) land far apart.
 */
final class TextDictionary {
    /** String object plus byte-array header: the per-value heap cost beyond the characters. */
    private static final long STRING_OVERHEAD = 40;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long CODE_BITS = 0xFFFF_FFFFL;
    private static final long MULTIPLIER = 0x9E37_79B9_7F4A_7C15L;
    /**
     * How full the table may get. Linear probing with a well-mixed hash still finds a key within a
     * slot or two at this load, and the denser table takes much less cache than a half-empty one.
     */
    private static final int MAX_LOAD_PERCENT = 80;

    /** Per slot: tag << 32 | (code + 1), then the key's first 8 bytes; see the class comment. */
    private long[] table = new long[2 * 64];
    private int mask = 63;
    private int[] hashes = new int[32];
    private long[] places = new long[32];
    private int[] lengths = new int[32];
    private final KeyPool pool = new KeyPool();
    private int size;
    private long heapBytes;

    TextDictionary() {
        add(new byte[0], 0, 0, 0);
    }

    /** The code of {@code bytes[offset, offset + length)}, decoded as UTF-8; new values get the next code. */
    int code(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        long prefix = prefix(bytes, offset, length);
        int hash = hash(bytes, offset, length, prefix);
        int slot = slot(bytes, offset, length, hash, prefix);
        long entry = table[2 * slot];
        if (entry != 0) {
            return (int) entry - 1;
        }
        return insert(slot, bytes, offset, length, hash, prefix);
    }

    /**
     * Adds {@code other}'s values, in its code order, as {@link #code} would.
     *
     * @return the code here of each of {@code other}'s codes
     */
    int[] addAll(TextDictionary other) {
        int[] codes = new int[other.size];
        for (int code = 1; code < other.size; code++) {
            byte[] bytes = other.pool.array(other.places[code]);
            int offset = KeyPool.offset(other.places[code]);
            int length = other.lengths[code];
            int hash = other.hashes[code];
            long prefix = prefix(bytes, offset, length);
            int slot = slot(bytes, offset, length, hash, prefix);
            long entry = table[2 * slot];
            codes[code] = entry != 0 ? (int) entry - 1
                    : insert(slot, bytes, offset, length, hash, prefix);
        }
        return codes;
    }

    /** The values, indexed by code, decoded as UTF-8. */
    String[] values() {
        String[] values = new String[size];
        values[0] = "";
        for (int code = 1; code < size; code++) {
            values[code] = new String(pool.array(places[code]), KeyPool.offset(places[code]), lengths[code],
                    StandardCharsets.UTF_8);
        }
        return values;
    }

    /** Approximate heap bytes of the values and their index. */
    long heapBytes() {
        return heapBytes + 4L * size;
    }

    /** The slot holding {@code bytes[offset, offset + length)}, or the free slot where it would go. */
    private int slot(byte[] bytes, int offset, int length, int hash, long prefix) {
        long[] t = table;
        long tag = tag(hash, length);
        int slot = hash & mask;
        for (long entry; (entry = t[2 * slot]) != 0; slot = (slot + 1) & mask) {
            if ((entry & ~CODE_BITS) == tag && t[2 * slot + 1] == prefix
                    && (length <= 8 || restEquals((int) entry - 1, bytes, offset, length))) {
                return slot;
            }
        }
        return slot;
    }

    /** Whether the key of {@code code}, whose tag and first 8 bytes match, equals the rest of the given key. */
    private boolean restEquals(int code, byte[] bytes, int offset, int length) {
        long place = places[code];
        int at = KeyPool.offset(place);
        return lengths[code] == length
                && Arrays.equals(pool.array(place), at + 8, at + length, bytes, offset + 8, offset + length);
    }

    private int insert(int slot, byte[] bytes, int offset, int length, int hash, long prefix) {
        int code = add(bytes, offset, length, hash);
        table[2 * slot] = tag(hash, length) | (code + 1L);
        table[2 * slot + 1] = prefix;
        if (size * 100L > (mask + 1L) * MAX_LOAD_PERCENT) {
            rehash();
        }
        return code;
    }

    private int add(byte[] bytes, int offset, int length, int hash) {
        if (size == hashes.length) {
            int grown = size * 2;
            hashes = Arrays.copyOf(hashes, grown);
            places = Arrays.copyOf(places, grown);
            lengths = Arrays.copyOf(lengths, grown);
        }
        hashes[size] = hash;
        places[size] = pool.add(bytes, offset, length);
        lengths[size] = length;
        heapBytes += STRING_OVERHEAD + length;
        return size++;
    }

    private void rehash() {
        long[] old = table;
        long[] grown = new long[old.length * 2];
        int newMask = mask * 2 + 1;
        for (int i = 0; i < old.length; i += 2) {
            long entry = old[i];
            if (entry != 0) {
                int slot = hashes[(int) entry - 1] & newMask;
                while (grown[2 * slot] != 0) {
                    slot = (slot + 1) & newMask;
                }
                grown[2 * slot] = entry;
                grown[2 * slot + 1] = old[i + 1];
            }
        }
        table = grown;
        mask = newMask;
    }

    /** The hash of a whole key, as the table uses it; for tests that need colliding keys. */
    static int hash(byte[] key) {
        return key.length == 0 ? 0 : hash(key, 0, key.length, prefix(key, 0, key.length));
    }

    /** The high half of a slot's first long: the hash, its low 8 bits replaced by the length (at most 255). */
    private static long tag(int hash, int length) {
        return (long) ((hash & ~0xFF) | Math.min(length, 0xFF)) << 32;
    }

    /** The first 8 bytes of a key of {@code length} > 0 bytes, little-endian, zero-padded. */
    private static long prefix(byte[] bytes, int offset, int length) {
        if (length >= 8) {
            return (long) LONGS.get(bytes, offset);
        }
        if (bytes.length - offset >= 8) {
            return (long) LONGS.get(bytes, offset) & (-1L >>> (64 - 8 * length));
        }
        long word = 0;
        for (int i = length - 1; i >= 0; i--) {
            word = word << 8 | (bytes[offset + i] & 0xFF);
        }
        return word;
    }

    /** Hashes a key 8 bytes at a time; {@code prefix} is its first 8 bytes. */
    private static int hash(byte[] bytes, int offset, int length, long prefix) {
        long h = (prefix ^ length) * MULTIPLIER;
        if (length > 8) {
            for (int i = 8; i < length - 8; i += 8) {
                h = (Long.rotateLeft(h, 29) ^ (long) LONGS.get(bytes, offset + i)) * MULTIPLIER;
            }
            // The last 8 bytes, overlapping the words before if the length is not a multiple of 8.
            h = (Long.rotateLeft(h, 29) ^ (long) LONGS.get(bytes, offset + length - 8)) * MULTIPLIER;
        }
        h ^= h >>> 32; // a multiplication carries information up only: fold the high bits down
        h *= 0xD6E8_FEB8_6659_FD93L;
        return (int) (h ^ (h >>> 32));
    }

    /**
     * Every key's bytes, one after another, in arrays ("pages") that double in size up to 1 MiB, so
     * that a dictionary of a few short values stays small and a large one costs a few arrays rather
     * than one per value. A key longer than a page gets a page of its own. A key is found by its
     * place: page index in the high half, offset in the low half.
     */
    private static final class KeyPool {
        private static final int MAX_PAGE_BYTES = 1 << 20;

        private byte[][] pages = {new byte[64]};
        private int pageCount = 1;
        private int used;

        /** Copies a key in and returns its place. */
        long add(byte[] bytes, int offset, int length) {
            byte[] page = pages[pageCount - 1];
            if (length > page.length - used) {
                page = newPage(Math.max(length, Math.min(2 * page.length, MAX_PAGE_BYTES)));
            }
            System.arraycopy(bytes, offset, page, used, length);
            long place = (long) (pageCount - 1) << 32 | used;
            used += length;
            return place;
        }

        /** The array holding the key at {@code place}. */
        byte[] array(long place) {
            return pages[(int) (place >>> 32)];
        }

        /** The offset of the key at {@code place} in its {@link #array}. */
        static int offset(long place) {
            return (int) place;
        }

        private byte[] newPage(int bytes) {
            if (pageCount == pages.length) {
                pages = Arrays.copyOf(pages, 2 * pageCount);
            }
            byte[] page = new byte[bytes];
            pages[pageCount++] = page;
            used = 0;
            return page;
        }
    }
}
