package io.meetkit.internal.jwt;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds tokens by hand, including ones no honest signer would produce: any header, any payload text, any MAC
 * algorithm and key, or a literal signature segment.
 */
final class TokenForge {

    static final String API_KEY = "APIm33tK1tTest";
    /** 44 ASCII characters, like a LiveKit-generated secret. */
    static final String SECRET = "zH8v2Qk9LrT4mXw7Nc1Pb6Ys3Ja5Fd0GeU8iKoLpQrSt";

    static final byte[] SECRET_BYTES = SECRET.getBytes(StandardCharsets.UTF_8);
    static final String HS256_HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

    private TokenForge() {}

    static String b64url(String json) {
        return b64url(json.getBytes(StandardCharsets.UTF_8));
    }

    static String b64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** header.payload signed with HmacSHA256 and the test secret. */
    static String hs256(String payloadJson) {
        return forge(HS256_HEADER, payloadJson, "HmacSHA256", SECRET_BYTES);
    }

    /** Encodes header and payload JSON and signs them with {@code macAlgorithm} under {@code key}. */
    static String forge(String headerJson, String payloadJson, String macAlgorithm, byte[] key) {
        return forgeSegments(b64url(headerJson), b64url(payloadJson), macAlgorithm, key);
    }

    /** Signs two already-encoded segments (which may be invalid base64url) with {@code macAlgorithm} under {@code key}. */
    static String forgeSegments(String headerSegment, String payloadSegment, String macAlgorithm, byte[] key) {
        String signingInput = headerSegment + "." + payloadSegment;
        return signingInput + "." + b64url(mac(macAlgorithm, key, signingInput.getBytes(StandardCharsets.UTF_8)));
    }

    /** Encodes header and payload and appends a literal signature segment. */
    static String withSignature(String headerJson, String payloadJson, String signatureSegment) {
        return b64url(headerJson) + "." + b64url(payloadJson) + "." + signatureSegment;
    }

    static byte[] mac(String algorithm, byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** base64(SHA-256(body)), standard alphabet with padding, as LiveKit's Go notifier writes the sha256 claim. */
    static String bodyHash(byte[] body) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Go-notifier-style webhook payload: iss, nbf = iat = now, exp = now + 5 min, sha256. */
    static String webhookPayload(long now, String sha256) {
        return "{\"exp\":" + (now + 300) + ",\"iss\":\"" + API_KEY + "\",\"nbf\":" + now + ",\"iat\":" + now
                + ",\"sha256\":\"" + sha256 + "\"}";
    }
}
