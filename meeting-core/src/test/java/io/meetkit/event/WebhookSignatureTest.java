package io.meetkit.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The signature of the relay's requests, as receivers check it. */
class WebhookSignatureTest {

    private static final String KEY = "relay-signing-key-0123456789-abcdefghij";
    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);

    @Test
    @DisplayName("the helper refuses a changed body, another key, a stale timestamp and missing headers")
    void helperRefuses() {
        byte[] body = "{\"event\":\"meetingEnded\"}".getBytes(StandardCharsets.UTF_8);
        long ts = NOW.toEpochMilli();
        String sig = WebhookSignature.sign(KEY, ts, body);
        Duration tolerance = Duration.ofMinutes(2);

        assertThat(WebhookSignature.verify(KEY, body, Long.toString(ts), sig, clock, tolerance))
                .isTrue();
        assertThat(WebhookSignature.verify(
                        KEY, "{}".getBytes(StandardCharsets.UTF_8), Long.toString(ts), sig, clock, tolerance))
                .isFalse();
        assertThat(WebhookSignature.verify(KEY + "x", body, Long.toString(ts), sig, clock, tolerance))
                .isFalse();
        assertThat(WebhookSignature.verify(KEY, body, Long.toString(ts + 1), sig, clock, tolerance))
                .isFalse();
        assertThat(WebhookSignature.verify(KEY, body, null, sig, clock, tolerance))
                .isFalse();
        assertThat(WebhookSignature.verify(KEY, body, Long.toString(ts), null, clock, tolerance))
                .isFalse();
        assertThat(WebhookSignature.verify(KEY, body, "yesterday", sig, clock, tolerance))
                .isFalse();
        clock.advance(Duration.ofMinutes(2).plusMillis(1));
        assertThat(WebhookSignature.verify(KEY, body, Long.toString(ts), sig, clock, tolerance))
                .isFalse();
        clock.set(NOW.minus(Duration.ofMinutes(1)));
        assertThat(WebhookSignature.verify(KEY, body, Long.toString(ts), sig, clock, tolerance))
                .isTrue();
    }
}
