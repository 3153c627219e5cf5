package io.crinn4j.agent.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crinn4j.contract.ModuleKind;
import io.crinn4j.sandbox.Status;
import org.junit.jupiter.api.Test;

class VariantIdTest {

    @Test
    void namesAreWrittenAndReadBackOneWay() {
        VariantId m = VariantId.member(ModuleKind.SEARCH, 1, 3, 2);
        assertEquals("search-s1-g003-2", m.toString());
        assertEquals("search-s1-g003", m.groupId());
        assertEquals(m, VariantId.parse("search-s1-g003-2"));
        VariantId s = VariantId.parse("construction-s0-start");
        assertTrue(s.isStart());
        assertEquals(VariantId.start(ModuleKind.CONSTRUCTION, 0), s);
        assertEquals("refinement-s2-g1000-0", VariantId.member(ModuleKind.REFINEMENT, 2, 1000, 0).toString(), "groups past 999 stay unique");
        assertThrows(IllegalArgumentException.class, () -> VariantId.parse("search-start"));
        assertThrows(IllegalArgumentException.class, () -> VariantId.parse("search-s1-g003"));
        assertThrows(IllegalStateException.class, s::groupId);
    }

    @Test
    void everySandboxStatusIsAVariantStatus() {
        for (Status st : Status.values()) {
            assertEquals(st.name(), VariantStatus.of(st).name());
        }
    }
}
