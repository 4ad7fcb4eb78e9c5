package io.meetkit.livekit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs LiveKit webhooks the way LiveKit's Go notifier does, and forges the bad ones of the catalog: any header, any
 * payload, any MAC algorithm and key.
 */
public final class WebhookForge {

    public static final String API_KEY = "APIwebhooksTest";
    /** 44 ASCII characters, like a LiveKit-generated secret. */
    public static final String SECRET = "Qx7mZ2vB9nL4kT8wR1cY5uH3jF6dS0aP2eG7iO9lKsXv";

    public static final String HS256 = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

    private WebhookForge() {}

    /** A valid Go-notifier token for {@code body}: iat = nbf = now, exp = now + 5 min, iss, sha256. */
    public static String sign(byte[] body, long nowSeconds) {
        return hs256(payload(nowSeconds, nowSeconds + 300, API_KEY, sha256(body)));
    }

    /** The payload JSON; a null value leaves the claim out. */
    public static String payload(Long nbfAndIat, Long exp, String iss, String sha256) {
        StringBuilder b = new StringBuilder("{");
        if (exp != null) {
            b.append("\"exp\":").append(exp).append(',');
        }
        if (iss != null) {
            b.append("\"iss\":\"").append(iss).append("\",");
        }
        if (nbfAndIat != null) {
            b.append("\"nbf\":")
                    .append(nbfAndIat)
                    .append(",\"iat\":")
                    .append(nbfAndIat)
                    .append(',');
        }
        if (sha256 != null) {
            b.append("\"sha256\":\"").append(sha256).append("\",");
        }
        if (b.charAt(b.length() - 1) == ',') {
            b.setLength(b.length() - 1);
        }
        return b.append('}').toString();
    }

    public static String hs256(String payloadJson) {
        return forge(HS256, payloadJson, "HmacSHA256", SECRET.getBytes(StandardCharsets.UTF_8));
    }

    public static String forge(String headerJson, String payloadJson, String macAlgorithm, byte[] key) {
        String input = b64url(headerJson) + "." + b64url(payloadJson);
        return input + "." + b64url(mac(macAlgorithm, key, input.getBytes(StandardCharsets.US_ASCII)));
    }

    public static String b64url(String s) {
        return b64url(s.getBytes(StandardCharsets.UTF_8));
    }

    public static String b64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static byte[] mac(String algorithm, byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(byte[] body) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A protojson WebhookEvent for a room event, as LiveKit writes it (camelCase, int64 as strings). */
    public static byte[] roomEvent(String event, String id, String room, String sid, long createdAt) {
        return ("{\"event\":\"" + event + "\",\"room\":{\"sid\":\"" + sid + "\",\"name\":\"" + room
                        + "\",\"emptyTimeout\":300,\"creationTime\":\"" + createdAt + "\"},\"id\":\"" + id
                        + "\",\"createdAt\":\"" + createdAt + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A protojson {@code room_finished} as LiveKit sends it: the closed room's proto, whose {@code creationTime} is
     * when the room was created, not when it finished ({@code livekit/livekit} {@code pkg/service/roommanager.go},
     * the room's {@code OnClose}: {@code telemetry.RoomEnded(ctx, newRoom.ToProto())}).
     */
    public static byte[] roomFinished(String id, String room, String sid, long roomCreatedAt, long finishedAt) {
        return ("{\"event\":\"room_finished\",\"room\":{\"sid\":\"" + sid + "\",\"name\":\"" + room
                        + "\",\"emptyTimeout\":300,\"creationTime\":\"" + roomCreatedAt + "\"},\"id\":\"" + id
                        + "\",\"createdAt\":\"" + finishedAt + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A protojson WebhookEvent for a participant event. */
    public static byte[] participantEvent(
            String event, String id, String room, String sid, String identity, String name, long createdAt) {
        return ("{\"event\":\"" + event + "\",\"room\":{\"sid\":\"" + sid + "\",\"name\":\"" + room
                        + "\"},\"participant\":{\"sid\":\"PA_" + identity + "\",\"identity\":\"" + identity
                        + "\",\"name\":\"" + name + "\",\"state\":\"ACTIVE\"},\"id\":\"" + id + "\",\"createdAt\":\""
                        + createdAt + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A protojson WebhookEvent for an egress event. */
    public static byte[] egressEvent(
            String event, String id, String room, String egressId, String status, long createdAt) {
        return ("{\"event\":\"" + event + "\",\"egressInfo\":{\"egressId\":\"" + egressId + "\",\"roomName\":\""
                        + room + "\",\"status\":\"" + status + "\"},\"id\":\"" + id + "\",\"createdAt\":\"" + createdAt
                        + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
