package io.crinn4j.agent.propose.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(1000), Duration.ofMillis(8000), Duration.ofSeconds(30));

    @Test
    void exponentialWithEqualJitterAndCap() {
        assertEquals(500, policy.delay(0, null, 0.0).toMillis());
        assertEquals(1000, policy.delay(0, null, 1.0).toMillis());
        assertEquals(1500, policy.delay(1, null, 0.5).toMillis());
        assertEquals(2000, policy.delay(2, null, 0.0).toMillis());
        assertEquals(8000, policy.delay(3, null, 1.0).toMillis());
        assertEquals(4000, policy.delay(10, null, 0.0).toMillis(), "capped at maxDelay");
        assertEquals(8000, policy.delay(200, null, 1.0).toMillis(), "no overflow");
        for (int r = 0; r < 6; r++) {
            long exp = Math.min(8000, 1000L << r);
            for (double u = 0; u < 1; u += 0.1) {
                long d = policy.delay(r, null, u).toMillis();
                assertTrue(d >= exp / 2 && d <= exp, r + " " + u + " " + d);
            }
        }
    }

    @Test
    void retryAfterIsAFloorWithACap() {
        assertEquals(5000, policy.delay(0, Duration.ofSeconds(5), 0.5).toMillis());
        assertEquals(8000, policy.delay(3, Duration.ofSeconds(1), 1.0).toMillis(), "backoff longer than the hint wins");
        assertEquals(30_000, policy.delay(0, Duration.ofMinutes(10), 0.5).toMillis(), "hint capped");
    }

    @Test
    void retryAfterHeaderForms() {
        assertEquals(Duration.ofSeconds(7), RetryAfterHttpClient.retryAfter(Map.of("retry-after", List.of("7"))));
        assertEquals(Duration.ofMillis(1500), RetryAfterHttpClient.retryAfter(Map.of("Retry-After", List.of("1.5"))));
        assertEquals(Duration.ofMillis(250), RetryAfterHttpClient.retryAfter(Map.of("retry-after-ms", List.of("250"), "retry-after", List.of("1"))));
        String date = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = RetryAfterHttpClient.retryAfter(Map.of("Retry-After", List.of(date)));
        assertTrue(d.toSeconds() >= 28 && d.toSeconds() <= 30, String.valueOf(d));
        assertNull(RetryAfterHttpClient.retryAfter(Map.of("Retry-After", List.of("soon"))));
        assertNull(RetryAfterHttpClient.retryAfter(Map.of()));
    }

    @Test
    void errorBodiesBecomeOneLine() {
        assertEquals("Overloaded", LlmProposer.errorMessage("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
        assertEquals("model 'x' not found", LlmProposer.errorMessage("{\"error\":\"model 'x' not found\"}"));
        assertEquals("plain text", LlmProposer.errorMessage("plain text"));
        assertEquals("key *** leaked", LlmProposer.redact("key sk-123456 leaked", "sk-123456"));
    }
}
