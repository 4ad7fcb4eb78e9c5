package io.meetkit.internal.jwt;

import static io.meetkit.internal.jwt.TokenForge.API_KEY;
import static io.meetkit.internal.jwt.TokenForge.HS256_HEADER;
import static io.meetkit.internal.jwt.TokenForge.SECRET;
import static io.meetkit.internal.jwt.TokenForge.SECRET_BYTES;
import static io.meetkit.internal.jwt.TokenForge.b64url;
import static io.meetkit.internal.jwt.TokenForge.forge;
import static io.meetkit.internal.jwt.TokenForge.forgeSegments;
import static io.meetkit.internal.jwt.TokenForge.hs256;
import static io.meetkit.internal.jwt.TokenForge.withSignature;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.livekit.server.AccessToken;
import io.livekit.server.CanPublish;
import io.livekit.server.CanPublishData;
import io.livekit.server.CanPublishSources;
import io.livekit.server.CanSubscribe;
import io.livekit.server.CanUpdateOwnMetadata;
import io.livekit.server.RoomJoin;
import io.livekit.server.RoomName;
import io.meetkit.internal.jwt.JwtRejectedException.Reason;
import io.meetkit.rules.InputRules;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class Hs256JwtTest {

    static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    static final long T = NOW.getEpochSecond();
    static final String METADATA = "{\"role\":\"moderator\",\"meetingId\":\"6a1f0c2e-9b3d-4f7a-8e21-3c5d7f9a0b1c\","
            + "\"avatar\":\"https://cdn.example.com/avatars/alice.png\",\"lang\":\"en-GB\",\"joinedVia\":\"web\"}";

    final Hs256Jwt jwt = Hs256Jwt.builder().issuer(API_KEY).secret(SECRET).build();

    static String payload(String members) {
        return "{" + members + "}";
    }

    static String valid(long exp) {
        return "\"iss\":\"" + API_KEY + "\",\"sub\":\"alice\",\"exp\":" + exp;
    }

    /** Asserts the exact reason and that the message leaks neither the token (or its segments) nor the secret. */
    static JwtRejectedException assertRejected(Hs256Jwt verifier, String token, Reason reason) {
        JwtRejectedException e = catchThrowableOfType(JwtRejectedException.class, () -> verifier.verify(token, NOW));
        assertThat(e).as("expected a rejection for %s", reason).isNotNull();
        assertThat(e.reason()).isEqualTo(reason);
        assertNoLeak(e, token);
        return e;
    }

    static void assertNoLeak(Throwable e, String token) {
        assertThat(e.getCause()).isNull();
        assertThat(e.getMessage()).doesNotContain(SECRET);
        if (!token.isBlank()) {
            assertThat(e.getMessage()).doesNotContain(token);
        }
        String[] segments = token.split("\\.", -1);
        for (int i = 1; i < segments.length; i++) { // the header segment may be the well-known constant
            if (segments[i].length() >= 8) {
                assertThat(e.getMessage()).doesNotContain(segments[i]);
            }
        }
    }

    @Nested
    class Signing {

        @Test
        void roundTripKeepsEveryClaim() {
            String token = jwt.sign(c -> c.iss(API_KEY)
                    .sub("alice")
                    .name("Alice")
                    .nbf(T)
                    .iat(T)
                    .exp(T + 3600)
                    .metadata(METADATA)
                    .stringMap("attributes", Map.of("team", "blue"))
                    .startObject("video")
                    .bool("roomJoin", true)
                    .string("room", "daily")
                    .bool("canPublish", true)
                    .stringArray("canPublishSources", List.of("camera", "microphone"))
                    .endObject());

            JwtClaims claims = jwt.verify(token, NOW);

            assertThat(claims.iss()).isEqualTo(API_KEY);
            assertThat(claims.sub()).contains("alice");
            assertThat(claims.name()).contains("Alice");
            assertThat(claims.exp()).isEqualTo(T + 3600);
            assertThat(claims.nbf()).hasValue(T);
            assertThat(claims.iat()).hasValue(T);
            assertThat(claims.metadata()).contains(METADATA);
            assertThat(claims.sha256()).isEmpty();
            JsonNode video = claims.video().orElseThrow();
            assertThat(video.get("roomJoin").booleanValue()).isTrue();
            assertThat(video.get("room").textValue()).isEqualTo("daily");
            assertThat(video.get("canPublishSources").get(1).textValue()).isEqualTo("microphone");
            assertThat(claims.claim("attributes").orElseThrow().get("team").textValue())
                    .isEqualTo("blue");
            assertThat(claims.claim("nope")).isEmpty();
            assertThat(claims.toString()).contains("alice").doesNotContain(METADATA);
        }

        @Test
        void writesTheFixedHeaderAndNoPadding() {
            String token = jwt.sign(c -> c.iss(API_KEY).exp(T + 60));

            String[] parts = token.split("\\.", -1);
            assertThat(parts).hasSize(3);
            assertThat(new String(java.util.Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8))
                    .isEqualTo(HS256_HEADER);
            assertThat(parts[1]).isEqualTo(b64url("{\"iss\":\"" + API_KEY + "\",\"exp\":" + (T + 60) + "}"));
            assertThat(parts[2]).hasSize(43).doesNotContain("=");
            assertThat(token).isEqualTo(hs256("{\"iss\":\"" + API_KEY + "\",\"exp\":" + (T + 60) + "}"));
        }

        @Test
        void escapesStringsAndKeepsUnicode() {
            String tricky = "Zoë \"the\" \\admin\\ </script>\n\t\u0000 😀 名前";
            String token = jwt.sign(c -> c.iss(API_KEY).exp(T + 60).name(tricky).metadata(tricky));

            JwtClaims claims = jwt.verify(token, NOW);

            assertThat(claims.name()).contains(tricky);
            assertThat(claims.metadata()).contains(tricky);
        }

        @Test
        void acceptsInstantsAsWholeSeconds() {
            String token = jwt.sign(c -> c.iss(API_KEY)
                    .exp(NOW.plusMillis(90_999))
                    .nbf(NOW.plusMillis(999))
                    .iat(NOW));

            JwtClaims claims = jwt.verify(token, NOW);

            assertThat(claims.exp()).isEqualTo(T + 90);
            assertThat(claims.nbf()).hasValue(T);
        }

        @Test
        void requiresIssAndExp() {
            assertThatThrownBy(() -> jwt.sign(c -> c.exp(T + 60).sub("a")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("iss");
            assertThatThrownBy(() -> jwt.sign(c -> c.iss(API_KEY).sub("a")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("exp");
        }

        @Test
        @DisplayName("catalog row 22: a roomJoin grant without an identity is refused when signing")
        void roomJoinNeedsIdentity() {
            assertThatThrownBy(() -> jwt.sign(c -> c.iss(API_KEY)
                            .exp(T + 60)
                            .startObject("video")
                            .bool("roomJoin", true)
                            .string("room", "r")
                            .endObject()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("identity");
            assertThatThrownBy(() -> jwt.sign(c -> c.iss(API_KEY)
                            .exp(T + 60)
                            .sub("")
                            .startObject("video")
                            .bool("roomJoin", true)
                            .endObject()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("identity");
            // identity written after the grant is fine; so is roomJoin outside the video grant or set to false
            assertThatCode(() -> jwt.sign(c -> c.iss(API_KEY)
                            .exp(T + 60)
                            .startObject("video")
                            .bool("roomJoin", true)
                            .endObject()
                            .sub("alice")))
                    .doesNotThrowAnyException();
            assertThatCode(() -> jwt.sign(c -> c.iss(API_KEY)
                            .exp(T + 60)
                            .startObject("video")
                            .bool("roomJoin", false)
                            .bool("roomList", true)
                            .endObject()))
                    .doesNotThrowAnyException();
        }

        @Test
        void refusesMisuse() {
            assertThatThrownBy(() -> jwt.sign(c -> c.iss(API_KEY).exp(T + 60).startObject("video")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not ended");
            assertThatThrownBy(() -> jwt.sign(c -> c.iss(API_KEY).exp(T + 60).endObject()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("endObject");
            assertThatThrownBy(() -> jwt.sign(c -> c.iss(API_KEY).exp(T + 60).exp(T + 120)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("exp");
            assertThatThrownBy(() -> jwt.sign(c -> c.iss(API_KEY).exp(T + 60).string("nbf", "soon")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("nbf");
            assertThatThrownBy(() -> jwt.sign(c -> c.iss(API_KEY).exp(T + 60).stringArray("x", nullList())))
                    .isInstanceOf(NullPointerException.class);

            List<ClaimsGenerator> leaked = new ArrayList<>();
            jwt.sign(c -> leaked.add(c.iss(API_KEY).exp(T + 60)));
            assertThatThrownBy(() -> leaked.get(0).sub("late"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("only valid inside");
        }

        @Test
        void aFailingWriterLeavesTheSignerUsable() {
            assertThatThrownBy(() -> jwt.sign(c -> {
                        c.iss(API_KEY).startObject("video");
                        throw new IllegalArgumentException("boom");
                    }))
                    .hasMessage("boom");

            String token = jwt.sign(c -> c.iss(API_KEY).exp(T + 60));
            assertThat(jwt.verify(token, NOW).exp()).isEqualTo(T + 60);
        }

        private List<String> nullList() {
            List<String> list = new ArrayList<>();
            list.add(null);
            return list;
        }
    }

    @Nested
    class Interop {

        @Test
        @DisplayName("nimbus-jose-jwt verifies our tokens and reads the same claims")
        void nimbusVerifiesOurTokens() throws Exception {
            String token = jwt.sign(c -> c.iss(API_KEY)
                    .sub("alice")
                    .name("Alice")
                    .nbf(T)
                    .exp(T + 3600)
                    .metadata(METADATA)
                    .startObject("video")
                    .bool("roomJoin", true)
                    .string("room", "daily")
                    .bool("canPublish", true)
                    .endObject());

            SignedJWT parsed = SignedJWT.parse(token);

            assertThat(parsed.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
            assertThat(parsed.getHeader().getType().toString()).isEqualTo("JWT");
            assertThat(parsed.verify(new MACVerifier(SECRET_BYTES))).isTrue();
            JWTClaimsSet claims = parsed.getJWTClaimsSet();
            assertThat(claims.getIssuer()).isEqualTo(API_KEY);
            assertThat(claims.getSubject()).isEqualTo("alice");
            assertThat(claims.getStringClaim("name")).isEqualTo("Alice");
            assertThat(claims.getStringClaim("metadata")).isEqualTo(METADATA);
            assertThat(claims.getExpirationTime()).isEqualTo(Date.from(Instant.ofEpochSecond(T + 3600)));
            assertThat(claims.getNotBeforeTime()).isEqualTo(Date.from(NOW));
            Map<String, Object> video = claims.getJSONObjectClaim("video");
            assertThat(video)
                    .containsEntry("roomJoin", true)
                    .containsEntry("room", "daily")
                    .containsEntry("canPublish", true);
            assertThat(new SignedJWT(
                                    parsed.getHeader().toBase64URL(),
                                    parsed.getPayload().toBase64URL(),
                                    parsed.getSignature())
                            .verify(new MACVerifier("another-secret-another-secret-another!!")))
                    .isFalse();
        }

        @Test
        @DisplayName("we verify nimbus tokens, whose header is {\"alg\":\"HS256\"} without typ")
        void weVerifyNimbusTokens() throws Exception {
            Map<String, Object> video = new LinkedHashMap<>();
            video.put("roomJoin", true);
            video.put("room", "daily");
            SignedJWT signed = new SignedJWT(
                    new JWSHeader(JWSAlgorithm.HS256),
                    new JWTClaimsSet.Builder()
                            .issuer(API_KEY)
                            .subject("bob")
                            .claim("name", "Bob")
                            .claim("video", video)
                            .expirationTime(Date.from(NOW.plusSeconds(600)))
                            .notBeforeTime(Date.from(NOW))
                            .build());
            signed.sign(new MACSigner(SECRET_BYTES));

            JwtClaims claims = jwt.verify(signed.serialize(), NOW);

            assertThat(claims.sub()).contains("bob");
            assertThat(claims.name()).contains("Bob");
            assertThat(claims.video().orElseThrow().get("room").textValue()).isEqualTo("daily");
        }

        @Test
        @DisplayName("we verify livekit-server AccessToken.toJwt() tokens (java-jwt, no nbf)")
        void weVerifyLiveKitAccessTokens() {
            AccessToken at = new AccessToken(API_KEY, SECRET);
            at.setIdentity("carol");
            at.setName("Carol");
            at.setMetadata(METADATA);
            at.setTtl(Duration.ofMinutes(10).toMillis());
            at.addGrants(
                    new RoomJoin(true),
                    new RoomName("daily"),
                    new CanPublish(true),
                    new CanSubscribe(true),
                    new CanPublishData(true),
                    new CanUpdateOwnMetadata(false),
                    new CanPublishSources(List.of("camera", "microphone")));
            Instant now = Instant.now();

            JwtClaims claims = jwt.verify(at.toJwt(), now);

            assertThat(claims.sub()).contains("carol");
            assertThat(claims.name()).contains("Carol");
            assertThat(claims.metadata()).contains(METADATA);
            assertThat(claims.nbf()).isEmpty();
            assertThat(claims.exp()).isBetween(now.getEpochSecond() + 590, now.getEpochSecond() + 610);
            JsonNode video = claims.video().orElseThrow();
            assertThat(video.get("roomJoin").booleanValue()).isTrue();
            assertThat(video.get("room").textValue()).isEqualTo("daily");
            assertThat(video.get("canUpdateOwnMetadata").booleanValue()).isFalse();
            assertThat(video.get("canPublishSources")).hasSize(2);

            AccessToken other = new AccessToken("APIother", SECRET);
            other.setIdentity("mallory");
            assertRejected(jwt, other.toJwt(), Reason.WRONG_ISSUER);
        }
    }

    @Nested
    @DisplayName("bad-input catalog (performance-and-security.md §5), token level")
    class Catalog {

        @Test
        @DisplayName("row 2: alg none with an empty signature -> ALG_NOT_ALLOWED")
        void algNone() {
            String token = withSignature("{\"alg\":\"none\",\"typ\":\"JWT\"}", payload(valid(T + 300)), "");
            assertRejected(jwt, token, Reason.ALG_NOT_ALLOWED);
            assertRejected(
                    jwt, withSignature("{\"alg\":\"none\"}", payload(valid(T + 300)), ""), Reason.ALG_NOT_ALLOWED);
        }

        @Test
        @DisplayName("row 3: HS512 (and HS384) signed with the same secret -> ALG_NOT_ALLOWED")
        void hs512SameSecret() {
            String hs512 =
                    forge("{\"alg\":\"HS512\",\"typ\":\"JWT\"}", payload(valid(T + 300)), "HmacSHA512", SECRET_BYTES);
            JwtRejectedException e = assertRejected(jwt, hs512, Reason.ALG_NOT_ALLOWED);
            assertThat(e.getMessage()).contains("'HS512'");
            assertRejected(
                    jwt,
                    forge("{\"alg\":\"HS384\",\"typ\":\"JWT\"}", payload(valid(T + 300)), "HmacSHA384", SECRET_BYTES),
                    Reason.ALG_NOT_ALLOWED);
        }

        @Test
        @DisplayName("row 4: RS256 header with an HMAC signature (algorithm confusion) -> ALG_NOT_ALLOWED")
        void rs256Confusion() {
            String token =
                    forge("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", payload(valid(T + 300)), "HmacSHA256", SECRET_BYTES);
            assertRejected(jwt, token, Reason.ALG_NOT_ALLOWED);
        }

        @Test
        @DisplayName("row 5: signed with the wrong secret -> BAD_SIGNATURE")
        void wrongSecret() {
            byte[] other = "another-secret-of-44-characters-aaaaaaaaaaa".getBytes(StandardCharsets.UTF_8);
            assertRejected(
                    jwt, forge(HS256_HEADER, payload(valid(T + 300)), "HmacSHA256", other), Reason.BAD_SIGNATURE);
        }

        @Test
        @DisplayName("row 6: no exp -> MISSING_EXP (also exp: null)")
        void noExp() {
            assertRejected(jwt, hs256(payload("\"iss\":\"" + API_KEY + "\",\"sub\":\"alice\"")), Reason.MISSING_EXP);
            assertRejected(jwt, hs256(payload("\"iss\":\"" + API_KEY + "\",\"exp\":null")), Reason.MISSING_EXP);
        }

        @Test
        @DisplayName("row 7: expired 30 s ago -> accepted with the 60 s skew; rejected with skew 0")
        void expired30s() {
            String token = hs256(payload(valid(T - 30)));
            assertThat(jwt.verify(token, NOW).sub()).contains("alice");
            Hs256Jwt strict = Hs256Jwt.builder()
                    .issuer(API_KEY)
                    .secret(SECRET)
                    .clockSkew(Duration.ZERO)
                    .build();
            assertRejected(strict, token, Reason.EXPIRED);
        }

        @Test
        @DisplayName("row 8: expired 10 min ago -> EXPIRED")
        void expired10min() {
            assertRejected(jwt, hs256(payload(valid(T - 600))), Reason.EXPIRED);
        }

        @Test
        @DisplayName("row 9: sender clock 5 s ahead (nbf = iat = now + 5) -> accepted")
        void senderFiveSecondsAhead() {
            String token = hs256(payload(valid(T + 305) + ",\"nbf\":" + (T + 5) + ",\"iat\":" + (T + 5)));
            assertThat(jwt.verify(token, NOW).nbf()).hasValue(T + 5);
        }

        @Test
        @DisplayName("row 10: sender clock 2 min ahead -> NOT_YET_VALID (by nbf, and by iat alone)")
        void senderTwoMinutesAhead() {
            assertRejected(
                    jwt,
                    hs256(payload(valid(T + 420) + ",\"nbf\":" + (T + 120) + ",\"iat\":" + (T + 120))),
                    Reason.NOT_YET_VALID);
            assertRejected(jwt, hs256(payload(valid(T + 420) + ",\"iat\":" + (T + 120))), Reason.NOT_YET_VALID);
        }

        @Test
        @DisplayName("row 11: wrong iss (another API key) -> WRONG_ISSUER")
        void wrongIssuer() {
            JwtRejectedException e = assertRejected(
                    jwt, hs256(payload("\"iss\":\"APIother\",\"exp\":" + (T + 300))), Reason.WRONG_ISSUER);
            assertThat(e.getMessage()).contains("'APIother'");
            Hs256Jwt otherKey =
                    Hs256Jwt.builder().issuer("APIother").secret(SECRET).build();
            assertRejected(otherKey, jwt.sign(c -> c.iss(API_KEY).exp(T + 60)), Reason.WRONG_ISSUER);
        }

        @Test
        @DisplayName("row 12: no iss -> MISSING_ISS")
        void noIssuer() {
            assertRejected(jwt, hs256(payload("\"sub\":\"alice\",\"exp\":" + (T + 300))), Reason.MISSING_ISS);
        }

        @Test
        @DisplayName("row 16: garbage, two segments, four segments -> MALFORMED")
        void garbage() {
            String good = jwt.sign(c -> c.iss(API_KEY).exp(T + 60));
            String twoSegments = good.substring(0, good.lastIndexOf('.'));
            assertRejected(jwt, "garbage", Reason.MALFORMED);
            assertRejected(jwt, twoSegments, Reason.MALFORMED);
            assertRejected(jwt, good + ".extra", Reason.MALFORMED);
            assertRejected(jwt, "..", Reason.MALFORMED);
            assertRejected(jwt, "%%%.%%%.%%%", Reason.MALFORMED);
            assertRejected(jwt, " " + good, Reason.MALFORMED);
        }

        @Test
        @DisplayName("row 17: null, empty or blank token -> MISSING_TOKEN")
        void missing() {
            assertThat(catchThrowableOfType(JwtRejectedException.class, () -> jwt.verify(null, NOW))
                            .reason())
                    .isEqualTo(Reason.MISSING_TOKEN);
            assertRejected(jwt, "", Reason.MISSING_TOKEN);
            assertRejected(jwt, "  \t", Reason.MISSING_TOKEN);
        }

        @Test
        @DisplayName("row 21: a secret shorter than 32 bytes is refused unless allowShortSecret(true)")
        void shortSecret() {
            String devSecret = "devsecret-31-bytes-long-0123456"; // 31 bytes
            assertThatThrownBy(() -> Hs256Jwt.builder()
                            .issuer("devkey")
                            .secret(devSecret)
                            .build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("31 bytes")
                    .hasMessageContaining("at least 32")
                    .hasMessageContaining("allowShortSecret")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(devSecret));
            assertThatCode(() -> Hs256Jwt.builder()
                            .issuer("devkey")
                            .secret(devSecret + "7")
                            .build())
                    .doesNotThrowAnyException();

            Hs256Jwt dev = Hs256Jwt.builder()
                    .issuer("devkey")
                    .secret("secret")
                    .allowShortSecret(true)
                    .build();
            String token = dev.sign(c -> c.iss("devkey").exp(T + 60));
            assertThat(dev.verify(token, NOW).iss()).isEqualTo("devkey");
            assertThat(dev.toString()).contains("shortSecret");
        }
    }

    @Nested
    @DisplayName("more hostile or odd input")
    class Hardening {

        @Test
        void headerVariantsAreParsedAndPinned() {
            String p = payload(valid(T + 300));
            assertThat(jwt.verify(forge("{\"typ\":\"JWT\",\"alg\":\"HS256\"}", p, "HmacSHA256", SECRET_BYTES), NOW)
                            .sub())
                    .contains("alice");
            assertThat(jwt.verify(forge("{\"alg\":\"HS256\",\"kid\":\"k1\"}", p, "HmacSHA256", SECRET_BYTES), NOW)
                            .sub())
                    .contains("alice");
            assertRejected(jwt, forge("{\"alg\":\"hs256\"}", p, "HmacSHA256", SECRET_BYTES), Reason.ALG_NOT_ALLOWED);
            assertRejected(jwt, forge("{\"typ\":\"JWT\"}", p, "HmacSHA256", SECRET_BYTES), Reason.ALG_NOT_ALLOWED);
            assertRejected(jwt, forge("{\"alg\":256}", p, "HmacSHA256", SECRET_BYTES), Reason.ALG_NOT_ALLOWED);
            JwtRejectedException e = assertRejected(
                    jwt,
                    forge("{\"alg\":\"HS256\\n<script>\"}", p, "HmacSHA256", SECRET_BYTES),
                    Reason.ALG_NOT_ALLOWED);
            assertThat(e.getMessage()).contains("(unprintable)").doesNotContain("script");
            assertRejected(
                    jwt,
                    forge("{\"alg\":\"HS256\",\"crit\":[\"b64\"],\"b64\":false}", p, "HmacSHA256", SECRET_BYTES),
                    Reason.MALFORMED);
            assertRejected(jwt, forge("[\"HS256\"]", p, "HmacSHA256", SECRET_BYTES), Reason.MALFORMED);
            assertRejected(jwt, forge("{\"alg\":\"HS256\"", p, "HmacSHA256", SECRET_BYTES), Reason.MALFORMED);
            assertRejected(
                    jwt,
                    forge("{\"alg\":\"HS256\",\"alg\":\"none\"}", p, "HmacSHA256", SECRET_BYTES),
                    Reason.MALFORMED);
        }

        @Test
        void signatureMustBeTheCanonical43Characters() {
            String good = jwt.sign(c -> c.iss(API_KEY).sub("alice").exp(T + 300));
            String input = good.substring(0, good.lastIndexOf('.') + 1);
            String sig = good.substring(good.lastIndexOf('.') + 1);

            assertRejected(jwt, input + sig + "=", Reason.BAD_SIGNATURE);
            assertRejected(jwt, input + sig.substring(0, 42), Reason.BAD_SIGNATURE);
            assertRejected(jwt, input, Reason.BAD_SIGNATURE);
            // the last character carries 2 unused bits; a non-zero value decodes to the same MAC but is not canonical
            char last = sig.charAt(42);
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            char sibling = alphabet.charAt(alphabet.indexOf(last) ^ 1);
            assertRejected(jwt, input + sig.substring(0, 42) + sibling, Reason.BAD_SIGNATURE);
            // standard-alphabet signature
            assertRejected(
                    jwt,
                    input + sig.replace('-', '+').replace('_', '/') + (sig.matches(".*[-_].*") ? "" : "+"),
                    Reason.BAD_SIGNATURE);
        }

        @Test
        void aChangedPayloadBreaksTheSignature() {
            String good = jwt.sign(c -> c.iss(API_KEY).sub("alice").exp(T + 300));
            String[] parts = good.split("\\.");
            String forgedPayload = b64url("{\"iss\":\"" + API_KEY + "\",\"sub\":\"admin\",\"exp\":" + (T + 300) + "}");
            assertRejected(jwt, parts[0] + "." + forgedPayload + "." + parts[2], Reason.BAD_SIGNATURE);
            // a non-Latin-1 character where a base64url character was
            assertRejected(jwt, parts[0] + "." + parts[1].substring(1) + "Ā." + parts[2], Reason.BAD_SIGNATURE);
        }

        @Test
        void authenticButMalformedPayloads() {
            String header = b64url(HS256_HEADER);
            assertRejected(jwt, forgeSegments(header, "not*base64", "HmacSHA256", SECRET_BYTES), Reason.MALFORMED);
            assertRejected(
                    jwt, forgeSegments(header, b64url("{}") + "=", "HmacSHA256", SECRET_BYTES), Reason.MALFORMED);
            assertRejected(jwt, hs256("not json"), Reason.MALFORMED);
            assertRejected(jwt, hs256("[1,2]"), Reason.MALFORMED);
            assertRejected(jwt, hs256(""), Reason.MALFORMED);
            assertRejected(jwt, hs256(payload(valid(T + 300)) + "{}"), Reason.MALFORMED);
            assertRejected(jwt, hs256(payload(valid(T + 300) + ",\"exp\":" + (T + 99999))), Reason.MALFORMED);
            assertRejected(
                    jwt, hs256(payload("\"iss\":\"" + API_KEY + "\",\"exp\":\"" + (T + 300) + "\"")), Reason.MALFORMED);
            assertRejected(
                    jwt, hs256(payload("\"iss\":\"" + API_KEY + "\",\"exp\":" + (T + 300) + ".5")), Reason.MALFORMED);
            assertRejected(
                    jwt,
                    hs256(payload("\"iss\":\"" + API_KEY + "\",\"exp\":123456789012345678901234567890")),
                    Reason.MALFORMED);
            assertRejected(jwt, hs256(payload(valid(T + 300) + ",\"nbf\":true")), Reason.MALFORMED);
            assertRejected(jwt, hs256(payload("\"iss\":42,\"exp\":" + (T + 300))), Reason.MALFORMED);
            assertRejected(
                    jwt,
                    hs256(payload("\"iss\":\"" + API_KEY + "\",\"sub\":7,\"exp\":" + (T + 300))),
                    Reason.MALFORMED);
            assertRejected(
                    jwt,
                    hs256(new String(new byte[] {'{', (byte) 0xC3, '}'}, StandardCharsets.ISO_8859_1)),
                    Reason.MALFORMED);

            JwtClaims odd = jwt.verify(hs256(payload(valid(T + 300) + ",\"name\":5,\"video\":\"all\"")), NOW);
            assertThat(catchThrowableOfType(JwtRejectedException.class, odd::name)
                            .reason())
                    .isEqualTo(Reason.MALFORMED);
            assertThat(catchThrowableOfType(JwtRejectedException.class, odd::video)
                            .reason())
                    .isEqualTo(Reason.MALFORMED);
        }

        @Test
        void tooLongTokensAreNotProcessed() {
            String huge = "a".repeat(Hs256Jwt.MAX_TOKEN_LENGTH) + ".b.c";
            assertThat(catchThrowableOfType(JwtRejectedException.class, () -> jwt.verify(huge, NOW))
                            .reason())
                    .isEqualTo(Reason.MALFORMED);
        }

        @Test
        void clockSkewBoundaries() {
            assertThat(jwt.verify(hs256(payload(valid(T - 60))), NOW).exp()).isEqualTo(T - 60);
            assertRejected(jwt, hs256(payload(valid(T - 61))), Reason.EXPIRED);
            assertThat(catchThrowableOfType(
                                    JwtRejectedException.class,
                                    () -> jwt.verify(hs256(payload(valid(T - 60))), NOW.plusMillis(1)))
                            .reason())
                    .isEqualTo(Reason.EXPIRED);
            assertThat(jwt.verify(hs256(payload(valid(T + 300) + ",\"nbf\":" + (T + 60))), NOW)
                            .nbf())
                    .hasValue(T + 60);
            assertRejected(jwt, hs256(payload(valid(T + 300) + ",\"nbf\":" + (T + 61))), Reason.NOT_YET_VALID);
            assertRejected(jwt, hs256(payload(valid(Long.MIN_VALUE))), Reason.EXPIRED);
            assertRejected(jwt, hs256(payload(valid(T + 300) + ",\"nbf\":" + Long.MAX_VALUE)), Reason.NOT_YET_VALID);
            assertThat(jwt.verify(hs256(payload(valid(Long.MAX_VALUE))), NOW).exp())
                    .isEqualTo(Long.MAX_VALUE);

            Hs256Jwt strict = Hs256Jwt.builder()
                    .issuer(API_KEY)
                    .secret(SECRET)
                    .clockSkew(Duration.ZERO)
                    .build();
            assertThat(strict.verify(hs256(payload(valid(T))), NOW).exp()).isEqualTo(T);
            assertRejected(strict, hs256(payload(valid(T - 1))), Reason.EXPIRED);
            assertRejected(strict, hs256(payload(valid(T + 300) + ",\"nbf\":" + (T + 1))), Reason.NOT_YET_VALID);
        }

        @Test
        void checksRunInTheDocumentedOrder() {
            // bad alg wins over a bad signature, a bad signature over a missing exp, exp over iss
            assertRejected(jwt, withSignature("{\"alg\":\"HS512\"}", "{}", "xx"), Reason.ALG_NOT_ALLOWED);
            assertRejected(jwt, withSignature(HS256_HEADER, "{}", "xx"), Reason.BAD_SIGNATURE);
            assertRejected(jwt, hs256("{\"iss\":\"APIother\"}"), Reason.MISSING_EXP);
            assertRejected(jwt, hs256("{\"iss\":\"APIother\",\"exp\":" + (T - 600) + "}"), Reason.EXPIRED);
            assertRejected(
                    jwt,
                    hs256("{\"iss\":\"APIother\",\"exp\":" + (T + 600) + ",\"nbf\":" + (T + 600) + "}"),
                    Reason.NOT_YET_VALID);
        }
    }

    @Nested
    class Builder {

        @Test
        void validatesAtOnceAndNamesTheValue() {
            assertThatThrownBy(() -> Hs256Jwt.builder().clockSkew(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("PT-1S");
            assertThatThrownBy(() -> Hs256Jwt.builder().clockSkew(Duration.ofMinutes(11)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("PT11M");
            assertThatThrownBy(() -> Hs256Jwt.builder().issuer(" "))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("issuer");
            assertThatThrownBy(() -> Hs256Jwt.builder().secret(new byte[0]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("empty");
            assertThatThrownBy(() -> Hs256Jwt.builder().issuer(API_KEY).build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("secret");
            assertThatThrownBy(() -> Hs256Jwt.builder().secret(SECRET).build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("issuer");
        }

        @Test
        void copiesTheSecretAndNeverPrintsIt() {
            byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
            Hs256Jwt fromBytes =
                    Hs256Jwt.builder().issuer(API_KEY).secret(secret).build();
            java.util.Arrays.fill(secret, (byte) 'x');

            String token = fromBytes.sign(c -> c.iss(API_KEY).exp(T + 60));

            assertThat(jwt.verify(token, NOW).iss()).isEqualTo(API_KEY);
            assertThat(fromBytes.toString()).contains(API_KEY).contains("PT1M").doesNotContain(SECRET);
            assertThat(fromBytes.clockSkew()).isEqualTo(InputRules.DEFAULT_CLOCK_SKEW);
        }
    }
}
