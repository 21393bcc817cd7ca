package io.memrun.examples.analytics;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Assigns each distinct text value of a column a dense code, looking values up by their bytes so
 * that a repeated value (a region, a status) costs neither a new String nor any garbage. Code 0 is
 * the empty value. Open addressing over an {@code int[]} of codes; the byte keys are only needed
 * while decoding and are dropped with this object.
 */
final class TextDictionary {
    /** String object plus byte-array header: the per-value heap cost beyond the characters. */
    private static final long STRING_OVERHEAD = 40;

    private int[] slots = new int[64]; // code + 1; 0 marks a free slot
    private byte[][] keys = new byte[32][];
    private int[] hashes = new int[32];
    private String[] values = new String[32];
    private int size;
    private long heapBytes;

    TextDictionary() {
        add(new byte[0], 0, "");
    }

    /** The code of {@code bytes[offset, offset + length)}, decoded as UTF-8; new values get the next code. */
    int code(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        int hash = hash(bytes, offset, length);
        int slot = slot(bytes, offset, length, hash);
        if (slots[slot] != 0) {
            return slots[slot] - 1;
        }
        return insert(slot, Arrays.copyOfRange(bytes, offset, offset + length), hash,
                new String(bytes, offset, length, StandardCharsets.UTF_8));
    }

    /**
     * Adds {@code other}'s values, in its code order, as {@link #code} would.
     *
     * @return the code here of each of {@code other}'s codes
     */
    int[] addAll(TextDictionary other) {
        int[] codes = new int[other.size];
        for (int code = 1; code < other.size; code++) {
            byte[] key = other.keys[code];
            int hash = other.hashes[code];
            int slot = slot(key, 0, key.length, hash);
            codes[code] = slots[slot] != 0 ? slots[slot] - 1 : insert(slot, key, hash, other.values[code]);
        }
        return codes;
    }

    /** The values, indexed by code. */
    String[] values() {
        return Arrays.copyOf(values, size);
    }

    /** Approximate heap bytes of the values and their index. */
    long heapBytes() {
        return heapBytes + 4L * size;
    }

    /** The slot holding {@code bytes[offset, offset + length)}, or the free slot where it would go. */
    private int slot(byte[] bytes, int offset, int length, int hash) {
        int mask = slots.length - 1;
        int slot = hash & mask;
        for (int entry; (entry = slots[slot]) != 0; slot = (slot + 1) & mask) {
            byte[] key = keys[entry - 1];
            if (hashes[entry - 1] == hash && key.length == length
                    && Arrays.equals(key, 0, length, bytes, offset, offset + length)) {
                return slot;
            }
        }
        return slot;
    }

    private int insert(int slot, byte[] key, int hash, String value) {
        int code = add(key, hash, value);
        slots[slot] = code + 1;
        if (size * 2 > slots.length) {
            rehash();
        }
        return code;
    }

    private int add(byte[] key, int hash, String value) {
        if (size == values.length) {
            keys = Arrays.copyOf(keys, size * 2);
            hashes = Arrays.copyOf(hashes, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        keys[size] = key;
        hashes[size] = hash;
        values[size] = value;
        heapBytes += STRING_OVERHEAD + key.length;
        return size++;
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        int mask = slots.length - 1;
        for (int code = 1; code < size; code++) {
            int slot = hashes[code] & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = code + 1;
        }
    }

    private static int hash(byte[] bytes, int offset, int length) {
        int h = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            h = 31 * h + bytes[i];
        }
        return h ^ (h >>> 16); // spread high bits into the low bits the mask keeps
    }
}
