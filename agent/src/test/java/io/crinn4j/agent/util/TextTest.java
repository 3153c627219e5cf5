package io.crinn4j.agent.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void firstLine() {
        assertEquals("one", Text.firstLine("one"));
        assertEquals("one ", Text.firstLine("one \ntwo\nthree"));
        assertEquals("", Text.firstLine("\ntwo"));
        assertEquals("", Text.firstLine(""));
        assertEquals("", Text.firstLine(null));
        assertEquals("unreadable", Text.firstLine(null, "unreadable"));
        assertEquals("a", Text.firstLine("a\nb", "unreadable"));
    }
}
