package io.meetkit.internal.jwt;

import static io.meetkit.internal.jwt.Hs256JwtTest.NOW;
import static io.meetkit.internal.jwt.Hs256JwtTest.T;
import static io.meetkit.internal.jwt.Hs256JwtTest.assertNoLeak;
import static io.meetkit.internal.jwt.TokenForge.API_KEY;
import static io.meetkit.internal.jwt.TokenForge.HS256_HEADER;
import static io.meetkit.internal.jwt.TokenForge.SECRET;
import static io.meetkit.internal.jwt.TokenForge.SECRET_BYTES;
import static io.meetkit.internal.jwt.TokenForge.bodyHash;
import static io.meetkit.internal.jwt.TokenForge.forge;
import static io.meetkit.internal.jwt.TokenForge.hs256;
import static io.meetkit.internal.jwt.TokenForge.webhookPayload;
import static io.meetkit.internal.jwt.TokenForge.withSignature;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.livekit.server.AccessToken;
import io.livekit.server.WebhookReceiver;
import io.meetkit.internal.jwt.JwtRejectedException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import livekit.LivekitWebhook;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("WebhookSignatureVerifier and the bad-input catalog (performance-and-security.md §5)")
class WebhookSignatureVerifierTest {

    /** An egress_ended event in LiveKit's protojson, with non-ASCII to make sure the raw bytes are what is hashed. */
    static final byte[] BODY =
            ("{\"event\":\"egress_ended\",\"egressInfo\":{\"egressId\":\"EG_x1\",\"roomId\":\"RM_a\","
                            + "\"roomName\":\"Café Zoë\",\"status\":\"EGRESS_COMPLETE\",\"startedAt\":\"1777629000000000000\","
                            + "\"endedAt\":\"1777629600000000000\",\"fileResults\":[{\"filename\":\"rec/a.mp4\",\"size\":\"1048576\"}]},"
                            + "\"id\":\"EV_7Gq2\",\"createdAt\":\"1777629600\"}")
                    .getBytes(StandardCharsets.UTF_8);

    final Hs256Jwt jwt = Hs256Jwt.builder().issuer(API_KEY).secret(SECRET).build();
    final WebhookSignatureVerifier verifier = new WebhookSignatureVerifier(jwt);

    static String goWebhookToken(byte[] body) {
        return hs256(webhookPayload(T, bodyHash(body)));
    }

    JwtRejectedException assertRejected(byte[] body, @Nullable String header, Reason reason) {
        JwtRejectedException e =
                catchThrowableOfType(JwtRejectedException.class, () -> verifier.verify(body, header, NOW));
        assertThat(e).as("expected a rejection for %s", reason).isNotNull();
        assertThat(e.reason()).isEqualTo(reason);
        assertNoLeak(e, header == null ? "" : header);
        assertThat(e.getMessage()).doesNotContain("egress_ended").doesNotContain(bodyHash(body));
        return e;
    }

    @Test
    @DisplayName("row 1: a Go-style webhook (iat = nbf = now, exp = now + 5 min, sha256) is accepted")
    void validGoStyleWebhook() {
        JwtClaims claims = verifier.verify(BODY, goWebhookToken(BODY), NOW);

        assertThat(claims.iss()).isEqualTo(API_KEY);
        assertThat(claims.sha256()).contains(bodyHash(BODY));
        assertThat(claims.exp()).isEqualTo(T + 300);
    }

    @Test
    @DisplayName("rows 2-12 and 16 through the webhook path give the token reasons")
    void tokenRowsThroughTheWebhookPath() {
        String hash = bodyHash(BODY);
        String p = webhookPayload(T, hash);
        assertRejected(BODY, withSignature("{\"alg\":\"none\"}", p, ""), Reason.ALG_NOT_ALLOWED);
        assertRejected(
                BODY,
                forge("{\"alg\":\"HS512\",\"typ\":\"JWT\"}", p, "HmacSHA512", SECRET_BYTES),
                Reason.ALG_NOT_ALLOWED);
        assertRejected(
                BODY,
                forge("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", p, "HmacSHA256", SECRET_BYTES),
                Reason.ALG_NOT_ALLOWED);
        assertRejected(
                BODY,
                forge(
                        HS256_HEADER,
                        p,
                        "HmacSHA256",
                        "wrong-wrong-wrong-wrong-wrong-wrong-wrong-wr".getBytes(StandardCharsets.UTF_8)),
                Reason.BAD_SIGNATURE);
        assertRejected(BODY, hs256("{\"iss\":\"" + API_KEY + "\",\"sha256\":\"" + hash + "\"}"), Reason.MISSING_EXP);
        assertThat(verifier.verify(BODY, hs256(webhookPayload(T - 330, hash)), NOW)
                        .exp())
                .isEqualTo(T - 30); // row 7
        assertRejected(BODY, hs256(webhookPayload(T - 900, hash)), Reason.EXPIRED); // row 8: expired 10 min ago
        assertThat(verifier.verify(BODY, hs256(webhookPayload(T + 5, hash)), NOW)
                        .nbf())
                .hasValue(T + 5); // row 9
        assertRejected(BODY, hs256(webhookPayload(T + 120, hash)), Reason.NOT_YET_VALID); // row 10
        assertRejected(BODY, hs256(webhookPayload(T, hash).replace(API_KEY, "APIother")), Reason.WRONG_ISSUER);
        assertRejected(BODY, hs256("{\"exp\":" + (T + 300) + ",\"sha256\":\"" + hash + "\"}"), Reason.MISSING_ISS);
        assertRejected(BODY, "garbage", Reason.MALFORMED);
        String token = goWebhookToken(BODY);
        assertRejected(BODY, token.substring(0, token.lastIndexOf('.')), Reason.MALFORMED);
    }

    @Test
    @DisplayName("row 13: body changed after signing -> BODY_HASH_MISMATCH")
    void bodyChanged() {
        String token = goWebhookToken(BODY);
        byte[] changed = new String(BODY, StandardCharsets.UTF_8)
                .replace("1048576", "1048577")
                .getBytes(StandardCharsets.UTF_8);

        assertRejected(changed, token, Reason.BODY_HASH_MISMATCH);
        assertRejected(new byte[0], token, Reason.BODY_HASH_MISMATCH);
        // the same text in another charset is a different body: hash the raw bytes, never re-encoded text
        byte[] latin1 = new String(BODY, StandardCharsets.UTF_8).getBytes(StandardCharsets.ISO_8859_1);
        assertRejected(latin1, token, Reason.BODY_HASH_MISMATCH);
    }

    @Test
    @DisplayName("row 13: a sha256 claim in another encoding of the right hash is not accepted")
    void hashEncodingIsExact() {
        String std = bodyHash(BODY);
        String url = std.replace('+', '-').replace('/', '_');
        String unpadded = std.replace("=", "");
        assertRejected(BODY, hs256(webhookPayload(T, unpadded)), Reason.BODY_HASH_MISMATCH);
        if (!url.equals(std)) {
            assertRejected(BODY, hs256(webhookPayload(T, url)), Reason.BODY_HASH_MISMATCH);
        }
        assertRejected(BODY, hs256(webhookPayload(T, std + " ")), Reason.BODY_HASH_MISMATCH);
        assertRejected(BODY, hs256(webhookPayload(T, "Ā".repeat(44))), Reason.BODY_HASH_MISMATCH);
    }

    @Test
    @DisplayName("row 14: no sha256 claim -> MISSING_SHA256; a non-string one -> MALFORMED")
    void noSha256() {
        assertRejected(
                BODY,
                hs256("{\"exp\":" + (T + 300) + ",\"iss\":\"" + API_KEY + "\",\"nbf\":" + T + "}"),
                Reason.MISSING_SHA256);
        assertRejected(
                BODY,
                hs256("{\"exp\":" + (T + 300) + ",\"iss\":\"" + API_KEY + "\",\"sha256\":null}"),
                Reason.MISSING_SHA256);
        assertRejected(
                BODY, hs256("{\"exp\":" + (T + 300) + ",\"iss\":\"" + API_KEY + "\",\"sha256\":42}"), Reason.MALFORMED);
    }

    @Test
    @DisplayName("row 15: 'Bearer <jwt>' -> MALFORMED, because LiveKit sends the raw token")
    void bearerPrefix() {
        String token = goWebhookToken(BODY);
        JwtRejectedException e = assertRejected(BODY, "Bearer " + token, Reason.MALFORMED);
        assertThat(e.getMessage()).contains("Bearer");
        assertRejected(BODY, "bearer " + token, Reason.MALFORMED);
        assertRejected(BODY, "Bearer  " + token, Reason.MALFORMED);
        assertRejected(BODY, "Basic " + token, Reason.MALFORMED);
    }

    @Test
    @DisplayName("row 17: missing, empty or blank header -> MISSING_TOKEN")
    void missingHeader() {
        assertRejected(BODY, null, Reason.MISSING_TOKEN);
        assertRejected(BODY, "", Reason.MISSING_TOKEN);
        assertRejected(BODY, "   ", Reason.MISSING_TOKEN);
    }

    @Nested
    class Interop {

        @Test
        @DisplayName("we verify a webhook token made by livekit-server's AccessToken with setSha256")
        void weVerifyKotlinSdkWebhookTokens() {
            AccessToken at = new AccessToken(API_KEY, SECRET);
            at.setTtl(5 * 60 * 1000L);
            at.setSha256(bodyHash(BODY));

            JwtClaims claims = verifier.verify(BODY, at.toJwt(), Instant.now());

            assertThat(claims.sha256()).contains(bodyHash(BODY));
        }

        @Test
        @DisplayName("livekit-server's WebhookReceiver accepts a webhook we sign the way LiveKit's notifier does")
        void kotlinSdkAcceptsOurWebhookTokens() {
            long now = Instant.now().getEpochSecond();
            String token = jwt.sign(
                    c -> c.iss(API_KEY).nbf(now).iat(now).exp(now + 300).sha256(bodyHash(BODY)));

            LivekitWebhook.WebhookEvent event = new WebhookReceiver(API_KEY, SECRET)
                    .receive(new String(BODY, StandardCharsets.UTF_8), token, false);

            assertThat(event.getId()).isEqualTo("EV_7Gq2");
            assertThat(event.getEgressInfo().getRoomName()).isEqualTo("Café Zoë");
            assertThat(verifier.verify(BODY, token, Instant.now()).iss()).isEqualTo(API_KEY);
        }
    }
}
