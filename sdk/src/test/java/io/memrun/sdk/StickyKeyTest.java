package io.memrun.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class StickyKeyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode json(String s) throws Exception {
        return (ObjectNode) JSON.readTree(s);
    }

    @Test
    void keyOf_fieldsInOrder_joinedWithColon() throws Exception {
        StickyKey key = StickyKey.parse("user_id:dataset_id");
        assertEquals(List.of("user_id", "dataset_id"), key.fields());
        assertEquals("u42:ds7", key.keyOf(json("{\"dataset_id\":\"ds7\",\"user_id\":\"u42\",\"x\":1}")));
        assertEquals("7:true", StickyKey.parse("a:b").keyOf(json("{\"a\":7,\"b\":true}")));
    }

    @Test
    void keyOf_missingOrNonScalarField_namesEveryMissingField() throws Exception {
        StickyKey key = StickyKey.parse("user_id:dataset_id");
        StickyKey.MissingStickyFieldException e = assertThrows(StickyKey.MissingStickyFieldException.class,
                () -> key.keyOf(json("{\"user_id\":{\"nested\":1}}")));
        assertEquals(List.of("user_id", "dataset_id"), e.missing());
        assertThrows(StickyKey.MissingStickyFieldException.class, () -> key.keyOf(json("{\"user_id\":null,\"dataset_id\":1}")));
    }

    @Test
    void parse_malformedSpecs_rejected() {
        for (String bad : new String[] {"", "a::b", "a:a", ":a", "a b", "9a", "a:b:c:d:e:f:g:h:i"}) {
            assertThrows(IllegalArgumentException.class, () -> StickyKey.parse(bad), bad);
        }
    }
}
