package io.meetkit.internal.jwt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Signing, the one job of {@link Hs256Jwt#sign}: writes the header {@code {"alg":"HS256","typ":"JWT"}}
 * (pre-encoded) and the claims through Jackson's streaming generator, then base64url without padding and the
 * HMAC-SHA256. Thread-safe.
 */
final class JwtSigner {

    /** The header every token has, base64url: {@code {"alg":"HS256","typ":"JWT"}}. */
    static final String HEADER_B64 = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

    /** The length of an HMAC-SHA256 in base64url without padding. */
    static final int MAC_B64_CHARS = Base64Url.encodedLength(Hs256Mac.MAC_BYTES); // 43

    /** One factory for every instance: thread-safe and never reconfigured after this line. */
    static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final byte[] HEADER_B64_BYTES = HEADER_B64.getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder URL_ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final Hs256Mac mac;

    JwtSigner(Hs256Mac mac) {
        this.mac = mac;
    }

    String sign(JwtClaimsWriter claims) {
        Objects.requireNonNull(claims, "claims");
        ByteSink json = new ByteSink(1024);
        try (JsonGenerator gen = JSON.createGenerator(json)) {
            gen.writeStartObject();
            ClaimsGenerator out = new ClaimsGenerator(gen);
            try {
                claims.writeClaims(out);
            } catch (RuntimeException | Error e) {
                out.abandon();
                throw e;
            }
            out.finish();
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        // The JDK encoder is vectorized on x86 (an intrinsic since JDK 11); ByteBuffer is its only entry point
        // that takes a range, and it returns an exact-size array.
        ByteBuffer payload = URL_ENCODER.encode(ByteBuffer.wrap(json.buffer(), 0, json.size()));
        int headerLen = HEADER_B64_BYTES.length;
        int payloadLen = payload.remaining();
        int signingLen = headerLen + 1 + payloadLen;
        byte[] token = new byte[signingLen + 1 + MAC_B64_CHARS];
        System.arraycopy(HEADER_B64_BYTES, 0, token, 0, headerLen);
        token[headerLen] = '.';
        System.arraycopy(payload.array(), payload.arrayOffset() + payload.position(), token, headerLen + 1, payloadLen);
        token[signingLen] = '.';
        byte[] signature = mac.hmac(token, signingLen);
        Base64Url.encode(signature, 0, Hs256Mac.MAC_BYTES, token, signingLen + 1);
        return new String(token, StandardCharsets.ISO_8859_1);
    }
}
