package io.crinn4j.agent.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
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

    @Test
    void oneLine() {
        assertEquals("a b c", Text.oneLine(" a\n  b\r\n\tc ", 300));
        assertEquals("", Text.oneLine(null, 300));
        String cut = Text.oneLine("x".repeat(1000), 300);
        assertEquals(300, cut.length());
        assertEquals("x".repeat(299) + "…", cut);
        assertEquals("x".repeat(300), Text.oneLine("x".repeat(300), 300));
    }

    @Test
    void seconds() {
        assertEquals("30 s", Text.seconds(Duration.ofSeconds(30)));
        assertEquals("1.5 s", Text.seconds(Duration.ofMillis(1500)));
        assertEquals("0 s", Text.seconds(Duration.ZERO));
    }
}
