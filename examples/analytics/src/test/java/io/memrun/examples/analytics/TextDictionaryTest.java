package io.memrun.examples.analytics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Codes are dense, in order of first appearance, and equal exactly for equal bytes. */
class TextDictionaryTest {
    @Test
    void code_emptyAndNew_zeroThenDenseInFirstAppearanceOrder() {
        TextDictionary dictionary = new TextDictionary();

        assertEquals(0, code(dictionary, ""));
        assertEquals(1, code(dictionary, "eu"));
        assertEquals(2, code(dictionary, "us"));
        assertEquals(1, code(dictionary, "eu"));
        assertEquals(0, code(dictionary, ""));
        assertEquals(3, code(dictionary, "apac"));
        assertArrayEquals(new String[] {"", "eu", "us", "apac"}, dictionary.values());
    }

    @Test
    void code_keysDifferingOnlyInTrailingNulOrLength_getDistinctCodes() {
        TextDictionary dictionary = new TextDictionary();
        List<byte[]> keys = new ArrayList<>();
        for (String base : new String[] {"a", "abcdefg", "abcdefgh", "abcdefghijklmno", "abcdefghijklmnop"}) {
            for (int nuls = 0; nuls <= 10; nuls++) {
                keys.add((base + "\0".repeat(nuls)).getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        keys.add(new byte[] {0});
        keys.add(new byte[] {0, 0});
        keys.add(new byte[8]);
        keys.add(new byte[9]);

        assertCodes(dictionary, keys);
    }

    @Test
    void code_longKeysSharingTheirFirstBytes_getDistinctCodes() {
        TextDictionary dictionary = new TextDictionary();
        List<byte[]> keys = new ArrayList<>();
        String prefix = "customer-0000000000-";
        for (int length : new int[] {9, 15, 16, 17, 24, 31, 32, 33, 254, 255, 256, 257, 300, 5000}) {
            for (char last : new char[] {'x', 'y', '\0'}) {
                StringBuilder key = new StringBuilder(prefix);
                while (key.length() < length) {
                    key.append('-');
                }
                key.setLength(length - 1);
                keys.add((key + String.valueOf(last)).getBytes(StandardCharsets.ISO_8859_1));
            }
        }

        assertCodes(dictionary, keys);
    }

    @Test
    void code_keysWithTheSameHashAndFirstBytes_getDistinctCodes() {
        // Keys of one length and first 8 bytes with the same hash (about 80 000 tries find a pair):
        // they share a slot's tag and word, so only their remaining bytes tell them apart.
        Map<Integer, byte[]> byHash = new HashMap<>();
        List<byte[]> colliding = null;
        for (int i = 0; colliding == null; i++) {
            byte[] key = ("same8by-" + (100_000_000 + i) + "-tail").getBytes(StandardCharsets.US_ASCII);
            byte[] other = byHash.putIfAbsent(TextDictionary.hash(key), key);
            if (other != null) {
                colliding = List.of(other, key);
            }
        }
        TextDictionary dictionary = new TextDictionary();

        assertCodes(dictionary, colliding);
        assertNotEquals(code(dictionary, colliding.get(0)), code(dictionary, colliding.get(1)));
    }

    @Test
    void code_shortKeyAtTheEndOfItsArray_readsOnlyItsOwnBytes() {
        TextDictionary dictionary = new TextDictionary();
        byte[] tail = "xxxxxxxxxxc123".getBytes(StandardCharsets.US_ASCII);
        byte[] alone = "c123".getBytes(StandardCharsets.US_ASCII);

        assertEquals(1, dictionary.code(tail, 10, 4));
        assertEquals(1, dictionary.code(alone, 0, 4));
        assertEquals(1, dictionary.code(("c123,more,fields").getBytes(StandardCharsets.US_ASCII), 0, 4));
        assertEquals(2, dictionary.code(tail, 11, 3));
    }

    @Test
    void code_manyValues_keepCodesAcrossRehashes() {
        TextDictionary dictionary = new TextDictionary();
        for (int i = 0; i < 200_000; i++) {
            assertEquals(i + 1, code(dictionary, "c" + i));
        }
        for (int i = 0; i < 200_000; i += 7) {
            assertEquals(i + 1, code(dictionary, "c" + i));
        }
        String[] values = dictionary.values();
        assertEquals(200_001, values.length);
        assertEquals("", values[0]);
        assertEquals("c12345", values[12_346]);
    }

    @Test
    void code_randomBytes_matchAReferenceMap() {
        SplittableRandom random = new SplittableRandom(7);
        TextDictionary dictionary = new TextDictionary();
        Map<String, Integer> reference = new LinkedHashMap<>();
        reference.put("", 0);
        byte[] buffer = new byte[64];
        for (int i = 0; i < 100_000; i++) {
            int length = random.nextInt(4) == 0 ? random.nextInt(40) : random.nextInt(10);
            int offset = random.nextInt(buffer.length - length + 1);
            for (int b = 0; b < length; b++) {
                buffer[offset + b] = (byte) (random.nextInt(3) == 0 ? 0 : 'a' + random.nextInt(3));
            }
            String key = new String(buffer, offset, length, StandardCharsets.ISO_8859_1);
            int expected = reference.computeIfAbsent(key, k -> reference.size());

            assertEquals(expected, dictionary.code(buffer, offset, length), key);
        }
        assertEquals(reference.size(), dictionary.values().length);
    }

    @Test
    void values_utf8Bytes_decodeAsText() {
        TextDictionary dictionary = new TextDictionary();

        code(dictionary, "Zürich");
        code(dictionary, "東京都千代田区");

        assertArrayEquals(new String[] {"", "Zürich", "東京都千代田区"}, dictionary.values());
    }

    @Test
    void addAll_otherDictionary_addsNewValuesInItsCodeOrder() {
        TextDictionary merged = new TextDictionary();
        for (String value : new String[] {"x", "y", "a-rather-long-value-1"}) {
            code(merged, value);
        }
        TextDictionary other = new TextDictionary();
        for (String value : new String[] {"y", "w", "a-rather-long-value-2", "x", "a-rather-long-value-1"}) {
            code(other, value);
        }

        int[] codes = merged.addAll(other);

        assertArrayEquals(new int[] {0, 2, 4, 5, 1, 3}, codes);
        assertArrayEquals(new String[] {"", "x", "y", "a-rather-long-value-1", "w", "a-rather-long-value-2"},
                merged.values());
        assertEquals(5, code(merged, "a-rather-long-value-2"));
    }

    @Test
    void addAll_manyValues_matchesCodingThemOneByOne() {
        TextDictionary first = new TextDictionary();
        TextDictionary second = new TextDictionary();
        TextDictionary expected = new TextDictionary();
        for (int i = 0; i < 50_000; i++) {
            code(first, "value-number-" + i);
            code(expected, "value-number-" + i);
        }
        for (int i = 100_000; i > 0; i -= 3) {
            code(second, "v" + i);
        }
        for (String value : Arrays.copyOfRange(second.values(), 1, second.values().length)) {
            code(expected, value);
        }

        int[] codes = first.addAll(second);

        assertArrayEquals(expected.values(), first.values());
        String[] values = second.values();
        for (int code = 1; code < values.length; code++) {
            assertEquals(code(expected, values[code]), codes[code], values[code]);
        }
        assertEquals(expected.heapBytes(), first.heapBytes());
    }

    @Test
    void heapBytes_countsEachValueAndItsCode() {
        TextDictionary dictionary = new TextDictionary();
        code(dictionary, "eu");
        code(dictionary, "apac");
        code(dictionary, "eu");

        assertEquals(3 * 40 + 2 + 4 + 3 * 4, dictionary.heapBytes());
    }

    /**
     * Codes distinct keys, which must get the next codes in order, then codes copies of them, which
     * must find the same codes.
     */
    private static void assertCodes(TextDictionary dictionary, List<byte[]> keys) {
        assertEquals(keys.size(), keys.stream().map(key -> new String(key, StandardCharsets.ISO_8859_1)).distinct()
                .count(), "the keys are distinct");
        int base = dictionary.values().length;
        for (int i = 0; i < keys.size(); i++) {
            assertEquals(base + i, code(dictionary, keys.get(i)), "key " + i);
        }
        for (int i = 0; i < keys.size(); i++) {
            assertEquals(base + i, code(dictionary, keys.get(i).clone()), "key " + i + " again");
        }
        assertEquals(base + keys.size(), dictionary.values().length);
    }

    private static int code(TextDictionary dictionary, String value) {
        return code(dictionary, value.getBytes(StandardCharsets.UTF_8));
    }

    private static int code(TextDictionary dictionary, byte[] value) {
        return dictionary.code(value, 0, value.length);
    }
}
