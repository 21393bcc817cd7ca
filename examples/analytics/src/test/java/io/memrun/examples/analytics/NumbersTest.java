package io.memrun.examples.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NumbersTest {
    @Test
    void parse_decimalForms_matchJdk() {
        for (String s : new String[] {"0", "-0", "7", "+7", "007", "1.5", "-12.25", ".5", "5.", "123456.78",
                "0.1", "0.000001234", "1e3", "1E-3", "-2.5e+10", "9007199254740993", "1234567890.123456789",
                "0.30000000000000004", "1e-320", "4.9e-324", " 42 ", "\t3.5"}) {
            assertEquals(Double.parseDouble(s), parse(s), s);
        }
    }

    @Test
    void parse_nonDecimalText_returnsNaN() {
        for (String s : new String[] {"", " ", "-", ".", "1.2.3", "1e", "e5", "NaN", "Infinity", "0x10", "1d", "1f",
                "1,5", "abc", "12abc", "1e400", "--1"}) {
            assertTrue(Double.isNaN(parse(s)), s);
        }
    }

    @Test
    void parse_randomCents_matchJdkExactly() {
        for (long cents = -100_000; cents <= 100_000; cents += 7) {
            String s = (cents < 0 ? "-" : "") + Math.abs(cents) / 100 + "." + String.format("%02d", Math.abs(cents) % 100);
            assertEquals(Double.parseDouble(s), parse(s), s);
        }
    }

    @Test
    void parse_randomShortDecimals_matchJdkOrAreNaN() {
        SplittableRandom random = new SplittableRandom(11);
        String alphabet = "0123456789.-+e ";
        for (int i = 0; i < 200_000; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(1, 20); n > 0; n--) {
                s.append(random.nextInt(3) > 0 ? (char) ('0' + random.nextInt(10))
                        : alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = s.toString();
            double expected;
            try {
                expected = text.matches("[ \\t]*[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?[ \\t]*")
                        ? Double.parseDouble(text) : Double.NaN;
            } catch (NumberFormatException e) {
                expected = Double.NaN;
            }
            if (Double.isInfinite(expected)) {
                expected = Double.NaN;
            }
            assertEquals(expected, parse(text), text);
        }
    }

    @Test
    void parse_digitCountsAroundTheFastPathLimit_matchJdk() {
        for (String s : new String[] {"123456789012345", "1234567890123456", "9007199254740991", "9007199254740992",
                "12345678901234.5", "1234567890123.45", "0.123456789012345", "0.1234567890123456", "-999999999999999",
                "-99999999999999.9", "00000000000000000001", "5.", "-5.", "-.5", "-0.0", "0.000000000000001"}) {
            assertEquals(Double.parseDouble(s), parse(s), s);
        }
    }

    @Test
    void format_wholeAndFractional_writesShortestForm() {
        assertEquals("3", Numbers.format(3.0));
        assertEquals("-3", Numbers.format(-3.0));
        assertEquals("2.5", Numbers.format(2.5));
        assertEquals("", Numbers.format(Double.NaN));
    }

    private static double parse(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return Numbers.parse(bytes, 0, bytes.length);
    }
}
