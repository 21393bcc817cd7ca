package io.memrun.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RequestFieldsTest {
    private static String parse(String line) {
        return RequestFields.parse(LineSplitter.split(line)).toString();
    }

    @Test
    void parse_dottedFields_buildNestedObjects() {
        assertEquals("{\"user_id\":\"u1\",\"query\":{\"op\":\"sum\",\"column\":\"amount\"}}",
                parse("user_id=u1 query.op=sum query.column=amount"));
    }

    @Test
    void parse_jsonLookingValues_becomeJsonValues() {
        assertEquals("{\"n\":42,\"f\":1.5,\"t\":true,\"z\":null,\"a\":[1,2],\"o\":{\"k\":\"v\"},\"neg\":-3}",
                parse("n=42 f=1.5 t=true z=null a=[1,2] o={\"k\":\"v\"} neg=-3"));
    }

    @Test
    void parse_quotedValues_stayStrings() {
        assertEquals("{\"a\":\"42\",\"b\":\"true\",\"c\":\"x y\"}", parse("a='42' b=\"true\" c='x y'"));
    }

    @Test
    void parse_almostNumbers_stayStrings() {
        assertEquals("{\"d\":\"2026-11-26\",\"z\":\"007\",\"p\":\"s3://b/k.csv\",\"e\":\"\"}",
                parse("d=2026-11-26 z=007 p=s3://b/k.csv e="));
    }

    @Test
    void parse_rawJsonThenFields_fieldsOverride() {
        assertEquals("{\"user_id\":\"u2\",\"q\":{\"op\":\"count\"}}", parse("{\"user_id\":\"u1\",\"q\":{\"op\":\"count\"}} user_id=u2"));
    }

    @Test
    void parse_rawJsonArray_failsSayingObject() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RequestFields.parse(List.of("[1]")));
        assertTrue(e.getMessage().contains("must be a JSON object"), e.getMessage());
    }

    @Test
    void parse_wordWithoutEquals_failsNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("user_id=u1 oops"));
        assertTrue(e.getMessage().contains("'oops' is not field=value"), e.getMessage());
    }

    @Test
    void parse_fieldUnderAValue_failsNamingConflict() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("q=1 q.op=sum"));
        assertTrue(e.getMessage().contains("field q is already a value"), e.getMessage());
    }

    @Test
    void parse_emptyPathPart_fails() {
        assertThrows(IllegalArgumentException.class, () -> parse("q..op=sum"));
    }
}
