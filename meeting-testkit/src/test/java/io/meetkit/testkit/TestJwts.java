package io.meetkit.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Test-side JWT code, written independently of the fake's own signer/verifier: mints tokens with any algorithm and
 * claims, and verifies webhook tokens and their body hash.
 */
final class TestJwts {

    static final ObjectMapper JSON = new ObjectMapper();

    private TestJwts() {}

    /** A token with the given header alg, signed with the matching HMAC (or unsigned for "none"). */
    static String token(String alg, String secret, ObjectNode claims) {
        try {
            Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
            String header = enc.encodeToString(JSON.writeValueAsBytes(Map.of("alg", alg, "typ", "JWT")));
            String payload = enc.encodeToString(JSON.writeValueAsBytes(claims));
            String input = header + "." + payload;
            if (alg.equals("none")) {
                return input + ".";
            }
            String macAlg = switch (alg) {
                case "HS256" -> "HmacSHA256";
                case "HS384" -> "HmacSHA384";
                case "HS512" -> "HmacSHA512";
                default -> throw new IllegalArgumentException(alg);
            };
            Mac mac = Mac.getInstance(macAlg);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), macAlg));
            return input + "." + enc.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims like the SDKs mint: iss, exp in 10 minutes, and a video grant. */
    static ObjectNode claims(String apiKey, Map<String, Object> video) {
        ObjectNode claims = JSON.createObjectNode();
        claims.put("iss", apiKey);
        claims.put("exp", Instant.now().plusSeconds(600).getEpochSecond());
        claims.set("video", JSON.valueToTree(video));
        return claims;
    }

    /** Verifies an HS256 webhook token and the body's sha256 claim; returns the claims. */
    static JsonNode verifyWebhook(String authorization, byte[] body, String secret, String apiKey) throws Exception {
        String[] parts = authorization.split("\\.");
        if (parts.length != 3) {
            throw new AssertionError("not a JWS: " + authorization);
        }
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        if (!"HS256".equals(header.path("alg").asText())) {
            throw new AssertionError("alg is " + header.path("alg"));
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        if (!MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]))) {
            throw new AssertionError("bad signature");
        }
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        if (!apiKey.equals(claims.path("iss").asText())) {
            throw new AssertionError("iss is " + claims.path("iss"));
        }
        String sha = Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
        if (!sha.equals(claims.path("sha256").asText())) {
            throw new AssertionError("sha256 claim does not match the body");
        }
        return claims;
    }

    /**
     * POSTs a protobuf Twirp request with a token carrying {@code video}, as LiveKit's SDKs do.
     *
     * @return the raw answer
     */
    static java.net.http.HttpResponse<byte[]> twirp(
            String url,
            String apiKey,
            String secret,
            String serviceAndMethod,
            com.google.protobuf.Message request,
            Map<String, Object> video)
            throws Exception {
        String token = token("HS256", secret, claims(apiKey, video));
        return java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/twirp/" + serviceAndMethod))
                                .header("Content-Type", "application/protobuf")
                                .header("Authorization", "Bearer " + token)
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(request.toByteArray()))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The Twirp error body of a failed retrofit response. */
    static JsonNode errorBody(retrofit2.Response<?> response) throws java.io.IOException {
        okhttp3.ResponseBody body = response.errorBody();
        if (body == null) {
            throw new AssertionError("no error body, status " + response.code());
        }
        return JSON.readTree(body.string());
    }
}
