package io.meetkit.participant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetkit.MeetKit;
import io.meetkit.participant.TokenRejectedException.Reason;
import io.meetkit.store.InMemoryStores;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every bad token ends in {@link TokenRejectedException} with a reason (issue 13, path 5), never another exception. */
class TokenVerifyReasonsTest {

    private static final String KEY = "APIkey";
    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final long NOW = Instant.parse("2026-03-01T10:00:00Z").getEpochSecond();

    private final MeetKit kit = MeetKit.builder()
            .liveKitUrl("wss://livekit.example.com")
            .apiKey(KEY)
            .apiSecret(SECRET)
            .stores(new InMemoryStores())
            .clock(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC))
            .build();

    @AfterEach
    void close() {
        kit.close();
    }

    private static String signed(String payload) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
    }

    private void assertRejected(@Nullable String token, Reason reason) {
        assertThatThrownBy(() -> kit.tokens().verify(token)).isInstanceOfSatisfying(TokenRejectedException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.code()).isEqualTo(reason.code());
        });
    }

    @Test
    void anExpAtTheEndOfLongIsMalformedNotADateTimeException() throws Exception {
        assertRejected(
                signed("{\"iss\":\"" + KEY + "\",\"sub\":\"a\",\"exp\":" + Long.MAX_VALUE + "}"), Reason.MALFORMED);
        assertRejected(
                signed("{\"iss\":\"" + KEY + "\",\"exp\":" + (NOW + 60) + ",\"nbf\":" + Long.MIN_VALUE + "}"),
                Reason.MALFORMED);
    }

    @Test
    void aTokenWithoutIssuerIsMissingIss() throws Exception {
        assertRejected(signed("{\"sub\":\"a\",\"exp\":" + (NOW + 60) + "}"), Reason.MISSING_ISS);
        assertRejected(signed("{\"iss\":\"other\",\"sub\":\"a\",\"exp\":" + (NOW + 60) + "}"), Reason.WRONG_ISSUER);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   "})
    void noTokenIsMissingToken(@Nullable String token) {
        assertRejected(token, Reason.MISSING_TOKEN);
    }

    @Test
    void aGoodTokenStillVerifies() throws Exception {
        ParticipantClaims claims =
                kit.tokens().verify(signed("{\"iss\":\"" + KEY + "\",\"sub\":\"a\",\"exp\":" + (NOW + 60) + "}"));
        assertThat(claims.identity()).isEqualTo("a");
    }
}
