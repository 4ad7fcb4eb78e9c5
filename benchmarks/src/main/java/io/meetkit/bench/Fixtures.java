package io.meetkit.bench;

import io.meetkit.internal.jwt.Hs256Jwt;
import java.nio.charset.StandardCharsets;

/** The claims every token benchmark writes, so that all variants do the same work (section 1 of the reference). */
final class Fixtures {

    static final String API_KEY = "APIm33tK1tBench";
    /** 44 ASCII characters, like a LiveKit-generated secret. */
    static final String SECRET = "zH8v2Qk9LrT4mXw7Nc1Pb6Ys3Ja5Fd0GeU8iKoLpQrSt";

    static final byte[] SECRET_BYTES = SECRET.getBytes(StandardCharsets.UTF_8);
    static final String IDENTITY = "user-7f3c9a2e-41b8-4d6a-9c0e-5b1d2f8a6e34";
    static final String NAME = "Alice Example";
    static final String ROOM = "meetkit-6a1f0c2e-9b3d-4f7a-8e21-3c5d7f9a0b1c";
    /** About 200 bytes of JSON in a string claim, as MeetKit puts role and meeting data there. */
    static final String METADATA = "{\"role\":\"moderator\",\"meetingId\":\"6a1f0c2e-9b3d-4f7a-8e21-3c5d7f9a0b1c\","
            + "\"avatar\":\"https://cdn.example.com/avatars/alice.png\",\"lang\":\"en-GB\",\"joinedVia\":\"web\","
            + "\"tz\":\"Europe/Madrid\"}";

    static final long TTL_SECONDS = 2 * 3600;

    /** {@code {"alg":"HS256","typ":"JWT"}} in base64url. */
    static final String HEADER_B64 = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

    private Fixtures() {}

    static Hs256Jwt meetkit() {
        return Hs256Jwt.builder().issuer(API_KEY).secret(SECRET).build();
    }

    /** A participant token with the standard claims, signed by MeetKit, valid for a day from now. */
    static String participantToken(Hs256Jwt jwt) {
        long now = System.currentTimeMillis() / 1000;
        return jwt.sign(c -> c.iss(API_KEY)
                .sub(IDENTITY)
                .name(NAME)
                .nbf(now)
                .exp(now + 86_400)
                .metadata(METADATA)
                .startObject("video")
                .bool("roomJoin", true)
                .string("room", ROOM)
                .bool("canPublish", true)
                .bool("canSubscribe", true)
                .bool("canPublishData", true)
                .bool("canUpdateOwnMetadata", false)
                .endObject());
    }
}
