package io.memrun.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
    @Test
    void split_plainWords_splitsOnWhitespace() {
        assertEquals(List.of("send", "svc", "a=1", "b=x"), LineSplitter.split("  send\tsvc  a=1 b=x "));
    }

    @Test
    void split_quotedWord_groupsAndRemovesQuotes() {
        assertEquals(List.of("upload", "my file.csv", "s3://b/"), LineSplitter.split("upload 'my file.csv' s3://b/"));
    }

    @Test
    void split_quotedValue_keepsQuotesSoItStaysAString() {
        assertEquals(List.of("send", "svc", "user_id=\"42\"", "name='a b'"),
                LineSplitter.split("send svc user_id=\"42\" name='a b'"));
    }

    @Test
    void split_rawJsonWord_keptVerbatimWithSpacesAndQuotes() {
        assertEquals(List.of("send", "svc", "{\"a\": \"x y\", \"b\": [1, {\"c\": \"}\"}]}"),
                LineSplitter.split("send svc {\"a\": \"x y\", \"b\": [1, {\"c\": \"}\"}]}"));
    }

    @Test
    void split_jsonAfterEquals_keptVerbatim() {
        assertEquals(List.of("q={\"op\": \"sum\"}", "n=1"), LineSplitter.split("q={\"op\": \"sum\"} n=1"));
    }

    @Test
    void split_unclosedQuote_failsNamingColumn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LineSplitter.split("send 'abc"));
        assertTrue(e.getMessage().contains("column 6"), e.getMessage());
    }

    @Test
    void split_unclosedBrace_fails() {
        assertThrows(IllegalArgumentException.class, () -> LineSplitter.split("send svc {\"a\":1"));
    }

    @Test
    void split_backslash_escapesSpace() {
        assertEquals(List.of("upload", "a b.csv"), LineSplitter.split("upload a\\ b.csv"));
    }
}
