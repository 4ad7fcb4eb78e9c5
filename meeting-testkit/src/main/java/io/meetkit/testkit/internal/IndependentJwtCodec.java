package io.meetkit.testkit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A small HS256 JWT signer and verifier with LiveKit's rules: HS256 only (the algorithm is checked before any MAC
 * is computed), signature compared in constant time, {@code exp} required, issuer equal to the API key, and a
 * clock skew on {@code exp}, {@code nbf} and {@code iat}. Secrets of any length are accepted (LiveKit's dev secret is
 * {@code secret}).
 *
 * <p>This codec is deliberately separate from meeting-core's own ({@code io.meetkit.internal.jwt}): the fake
 * verifies MeetKit's tokens and signs its webhooks with it, so it is the independent oracle MeetKit's codec is
 * checked against. Sharing one implementation would let a bug in it agree with itself. Do not replace it with core's.
 *
 * <p>Stateless and thread-safe.
 */
public final class IndependentJwtCodec {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER =
            B64URL.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    private IndependentJwtCodec() {}

    /** A token that is not acceptable; the message says why (it never contains the secret). */
    public static final class InvalidTokenException extends Exception {
        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param message why the token was refused
         */
        public InvalidTokenException(String message) {
            super(message);
        }
    }

    /**
     * Signs claims with HS256.
     *
     * @param claims the claims object
     * @param secret the HMAC secret as text (its UTF-8 bytes are the key)
     * @return the compact JWT
     * @throws IllegalStateException if the claims cannot be serialized
     */
    public static String sign(ObjectNode claims, String secret) {
        Objects.requireNonNull(claims, "claims");
        Objects.requireNonNull(secret, "secret");
        try {
            String payload = B64URL.encodeToString(JSON.writeValueAsBytes(claims));
            String signingInput = HEADER + "." + payload;
            return signingInput + "." + B64URL.encodeToString(hmac(secret, signingInput));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize JWT claims", e);
        }
    }

    /**
     * Verifies a compact JWT and returns its claims.
     *
     * @param token          the compact JWT
     * @param secret         the HMAC secret as text
     * @param expectedIssuer the API key that must be the {@code iss}
     * @param now            the current time
     * @param clockSkew         the allowed clock skew for {@code exp}, {@code nbf} and {@code iat}
     * @return the verified claims
     * @throws InvalidTokenException if the token is malformed, not HS256, badly signed, expired, not yet valid,
     *                               without {@code exp}, or issued by another key
     */
    public static JsonNode verify(String token, String secret, String expectedIssuer, Instant now, Duration clockSkew)
            throws InvalidTokenException {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidTokenException("token is not a compact JWS (expected 3 parts, got " + parts.length + ")");
        }
        JsonNode header = decodeJson(parts[0], "header");
        JsonNode alg = header.get("alg");
        if (alg == null || !alg.isTextual() || !"HS256".equals(alg.asText())) {
            throw new InvalidTokenException(
                    "unsupported algorithm " + (alg == null ? "(none)" : alg.toString()) + ", only HS256 is accepted");
        }
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("signature is not base64url");
        }
        byte[] expected = hmac(secret, parts[0] + "." + parts[1]);
        if (!MessageDigest.isEqual(expected, signature)) {
            throw new InvalidTokenException("signature does not verify");
        }
        JsonNode claims = decodeJson(parts[1], "claims");
        JsonNode iss = claims.get("iss");
        if (iss == null || !iss.isTextual() || !iss.asText().equals(expectedIssuer)) {
            throw new InvalidTokenException("invalid API key: " + (iss == null ? "(no iss)" : iss.asText()));
        }
        long nowSec = now.getEpochSecond();
        long skew = clockSkew.getSeconds();
        JsonNode exp = claims.get("exp");
        if (exp == null || !exp.isNumber()) {
            throw new InvalidTokenException("exp claim is required");
        }
        if (nowSec - skew > exp.asLong()) {
            throw new InvalidTokenException("token has expired");
        }
        JsonNode nbf = claims.get("nbf");
        if (nbf != null && nbf.isNumber() && nowSec + skew < nbf.asLong()) {
            throw new InvalidTokenException("token is not valid yet");
        }
        JsonNode iat = claims.get("iat");
        if (iat != null && iat.isNumber() && nowSec + skew < iat.asLong()) {
            throw new InvalidTokenException("token issued in the future");
        }
        return claims;
    }

    private static JsonNode decodeJson(String part, String what) throws InvalidTokenException {
        try {
            JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(part));
            if (node == null || !node.isObject()) {
                throw new InvalidTokenException("JWT " + what + " is not a JSON object");
            }
            return node;
        } catch (IllegalArgumentException | IOException e) {
            throw new InvalidTokenException("JWT " + what + " is not base64url JSON");
        }
    }

    private static byte[] hmac(String secret, String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            byte[] key = secret.getBytes(StandardCharsets.UTF_8);
            // SecretKeySpec refuses an empty key; an empty secret can never verify anything anyway
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
