package io.memrun.cloud.hetzner.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {
    private static final Map<String, String> WORKER = Map.of("memrun.io/cluster", "c1", "memrun.io/role", "worker",
            "memrun.io/slot", "s0");
    private static final Map<String, String> NONE = Map.of();

    @Test
    void parse_equalityForms_matchOnValue() {
        assertTrue(LabelSelector.parse("memrun.io/role=worker").test(WORKER));
        assertTrue(LabelSelector.parse("memrun.io/role==worker").test(WORKER));
        assertFalse(LabelSelector.parse("memrun.io/role=gateway").test(WORKER));
        assertTrue(LabelSelector.parse("memrun.io/role!=gateway").test(WORKER));
        assertTrue(LabelSelector.parse("memrun.io/role!=gateway").test(NONE), "!= matches a missing key");
    }

    @Test
    void parse_existenceForms_matchOnKey() {
        assertTrue(LabelSelector.parse("memrun.io/slot").test(WORKER));
        assertFalse(LabelSelector.parse("!memrun.io/slot").test(WORKER));
        assertTrue(LabelSelector.parse("!memrun.io/slot").test(NONE));
    }

    @Test
    void parse_setForms_matchMembership() {
        assertTrue(LabelSelector.parse("memrun.io/slot in (s0,s1)").test(WORKER));
        assertFalse(LabelSelector.parse("memrun.io/slot in (s1, s2)").test(WORKER));
        assertTrue(LabelSelector.parse("memrun.io/slot notin (s1, s2)").test(WORKER));
        assertTrue(LabelSelector.parse("memrun.io/slot notin (s1)").test(NONE));
        assertFalse(LabelSelector.parse("memrun.io/slot in (s0)").test(NONE));
    }

    @Test
    void parse_commas_areAndAcrossRequirementsButNotInsideSets() {
        var s = LabelSelector.parse("memrun.io/cluster=c1, memrun.io/slot in (s0,s9),memrun.io/role!=gateway");
        assertTrue(s.test(WORKER));
        assertFalse(s.test(Map.of("memrun.io/cluster", "c1", "memrun.io/slot", "s5")));
        assertTrue(LabelSelector.parse("").test(NONE));
    }

    @Test
    void parse_badSyntax_isInvalidInput() {
        for (String bad : new String[] {"a in (b", "=v", "a=b,,c", "bad key=v", "k=-v", "k in ()"}) {
            HetznerError e = assertThrows(HetznerError.class, () -> LabelSelector.parse(bad), bad);
            assertEquals("invalid_input", e.code(), bad);
            assertEquals(400, e.status());
        }
    }
}
