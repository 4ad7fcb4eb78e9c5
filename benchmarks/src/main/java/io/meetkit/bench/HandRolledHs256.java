package io.meetkit.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The practical limit: the least code that still signs and verifies correctly, written the obvious way with the JDK
 * and Jackson (pre-encoded header, streaming claims, {@link Base64}, a {@link Mac} reused per thread). Not hardened
 * beyond what a careful hand-written verifier does; it is the yardstick, not a product.
 */
final class HandRolledHs256 {

    static final JsonFactory JSON = new JsonFactory();
    static final ObjectMapper MAPPER = new ObjectMapper(JSON);
    private static final Base64.Encoder URL_ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder URL_DECODER = Base64.getUrlDecoder();
    private static final long LEEWAY_SECONDS = 60;

    private HandRolledHs256() {}

    static Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Fixtures.SECRET_BYTES, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs the fixture claims. */
    static String sign(Mac mac, long now) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("iss", Fixtures.API_KEY);
            g.writeStringField("sub", Fixtures.IDENTITY);
            g.writeStringField("name", Fixtures.NAME);
            g.writeNumberField("nbf", now);
            g.writeNumberField("exp", now + Fixtures.TTL_SECONDS);
            g.writeStringField("metadata", Fixtures.METADATA);
            g.writeObjectFieldStart("video");
            g.writeBooleanField("roomJoin", true);
            g.writeStringField("room", Fixtures.ROOM);
            g.writeBooleanField("canPublish", true);
            g.writeBooleanField("canSubscribe", true);
            g.writeBooleanField("canPublishData", true);
            g.writeBooleanField("canUpdateOwnMetadata", false);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String signingInput = Fixtures.HEADER_B64 + "." + URL_ENCODER.encodeToString(out.toByteArray());
        byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + URL_ENCODER.encodeToString(signature);
    }

    /**
     * Verifies: three segments, canonical HS256 header, HMAC compared in constant time, then Jackson tree, exp/nbf
     * with 60 s leeway, iss.
     */
    static JsonNode verify(Mac mac, String token, long now) {
        int dot1 = token.indexOf('.');
        int dot2 = token.indexOf('.', dot1 + 1);
        if (dot1 < 0 || dot2 < 0 || token.indexOf('.', dot2 + 1) >= 0) {
            throw new IllegalArgumentException("malformed");
        }
        if (dot1 != Fixtures.HEADER_B64.length() || !token.startsWith(Fixtures.HEADER_B64)) {
            throw new IllegalArgumentException("alg");
        }
        mac.update(token.getBytes(StandardCharsets.US_ASCII), 0, dot2);
        byte[] expected = mac.doFinal();
        if (!MessageDigest.isEqual(expected, URL_DECODER.decode(token.substring(dot2 + 1)))) {
            throw new IllegalArgumentException("signature");
        }
        JsonNode claims;
        try {
            claims = MAPPER.readTree(URL_DECODER.decode(token.substring(dot1 + 1, dot2)));
        } catch (IOException e) {
            throw new IllegalArgumentException("payload", e);
        }
        JsonNode exp = claims.get("exp");
        if (exp == null || !exp.canConvertToLong() || exp.longValue() + LEEWAY_SECONDS < now) {
            throw new IllegalArgumentException("exp");
        }
        JsonNode nbf = claims.get("nbf");
        if (nbf != null && nbf.longValue() - LEEWAY_SECONDS > now) {
            throw new IllegalArgumentException("nbf");
        }
        JsonNode iss = claims.get("iss");
        if (iss == null || !Fixtures.API_KEY.equals(iss.textValue())) {
            throw new IllegalArgumentException("iss");
        }
        return claims;
    }

    /** Webhook auth only: {@link #verify} plus base64(SHA-256(body)) against the sha256 claim, constant time. */
    static JsonNode verifyWebhook(Mac mac, MessageDigest sha256, byte[] body, String token, long now) {
        JsonNode claims = verify(mac, token, now);
        JsonNode claimed = claims.get("sha256");
        byte[] expected = Base64.getEncoder().encode(sha256.digest(body));
        if (claimed == null
                || !MessageDigest.isEqual(expected, claimed.asText().getBytes(StandardCharsets.ISO_8859_1))) {
            throw new IllegalArgumentException("sha256");
        }
        return claims;
    }
}
