package io.meetkit.internal.jwt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meetkit.internal.jwt.JwtRejectedException.Reason;
import io.meetkit.rules.InputRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Signs and verifies HS256 JSON Web Tokens (compact JWS) with one LiveKit API key and secret: participant tokens that
 * a LiveKit server accepts, and LiveKit's own tokens (for webhooks see {@link WebhookSignatureVerifier}).
 *
 * <pre>{@code
 * Hs256Jwt jwt = Hs256Jwt.builder().issuer(apiKey).secret(apiSecret).build();   // once
 * String token = jwt.sign(c -> c.iss(apiKey).sub("alice").exp(now.plusSeconds(3600))
 *         .startObject("video").bool("roomJoin", true).string("room", "daily").endObject());
 * JwtClaims claims = jwt.verify(token, clock.instant());
 * }</pre>
 *
 * <p><b>Signing</b> writes the header {@code {"alg":"HS256","typ":"JWT"}} (pre-encoded) and the claims through
 * Jackson's streaming generator, then base64url without padding and HMAC-SHA256 with a {@link Mac} that each thread
 * clones once from a prototype.
 *
 * <p><b>Verification</b> runs these checks in order and stops at the first failure, throwing
 * {@link JwtRejectedException}: token present ({@code MISSING_TOKEN}); exactly three segments
 * ({@code MALFORMED}); header {@code alg} is {@code HS256} before any MAC is computed ({@code ALG_NOT_ALLOWED});
 * HMAC compared in constant time ({@code BAD_SIGNATURE}); only then the payload is decoded and parsed
 * ({@code MALFORMED}); {@code exp} present ({@code MISSING_EXP}) and {@code exp + skew >= now} ({@code EXPIRED});
 * {@code nbf - skew <= now} and {@code iat - skew <= now} when present ({@code NOT_YET_VALID}); {@code iss} present
 * ({@code MISSING_ISS}) and equal to the configured API key ({@code WRONG_ISSUER}). The skew defaults to 60 s, the
 * LiveKit server's leeway. Times are integer NumericDates; fractional or string times are {@code MALFORMED}. Duplicate
 * claim names are {@code MALFORMED}. Tokens longer than {@value #MAX_TOKEN_LENGTH} characters are {@code MALFORMED}
 * without further work.
 *
 * <p>Thread-safe; build one per API key and share it. Each thread that uses it keeps one cloned {@code Mac} in a
 * {@link ThreadLocal} (a clone costs about as much as one signature, so short-lived virtual threads remain fine). The
 * secret never appears in {@link #toString()} or in exception messages.
 */
public final class Hs256Jwt {

    /** Longest token that {@link #verify(String, Instant)} will look at, in characters. */
    public static final int MAX_TOKEN_LENGTH = 256 * 1024;

    private static final String MAC_ALGORITHM = "HmacSHA256";
    private static final String HEADER_B64 = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"; // {"alg":"HS256","typ":"JWT"}
    private static final byte[] HEADER_B64_BYTES = HEADER_B64.getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder URL_ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder URL_DECODER = Base64.getUrlDecoder();
    private static final int MAC_BYTES = 32;
    private static final int MAC_B64_CHARS = Base64Url.encodedLength(MAC_BYTES); // 43

    /** One factory for every instance: thread-safe and never reconfigured after this line. */
    static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final ObjectReader READER = new ObjectMapper(JSON)
            .reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private final String issuer;
    private final Duration clockSkew;
    private final boolean shortSecret;
    private final SecretKeySpec key;
    private final Mac prototype;
    private final ThreadLocal<Mac> macs;

    private Hs256Jwt(Builder b, byte[] secret) {
        this.issuer = Objects.requireNonNull(b.issuer);
        this.clockSkew = b.clockSkew;
        this.shortSecret = !InputRules.isLongEnoughSecret(secret.length);
        this.key = new SecretKeySpec(secret, MAC_ALGORITHM);
        this.prototype = newMac(key);
        this.macs = ThreadLocal.withInitial(this::cloneMac);
    }

    /**
     * Starts a builder. {@link Builder#issuer(String)} and {@link Builder#secret(byte[])} are required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the API key that verified tokens must carry as {@code iss}. */
    public String issuer() {
        return issuer;
    }

    /** Returns the allowed clock skew for {@code exp}, {@code nbf} and {@code iat}. */
    public Duration clockSkew() {
        return clockSkew;
    }

    /**
     * Signs the claims that {@code claims} writes and returns the compact JWT.
     *
     * @param claims writes the payload; must write {@code iss} and {@code exp}
     * @return {@code header.payload.signature}, base64url without padding
     * @throws IllegalStateException if the claims are incomplete or inconsistent (see {@link ClaimsGenerator})
     * @throws IllegalArgumentException if a claim is written with the wrong type
     * @throws NullPointerException if a name or value is null
     */
    public String sign(JwtClaimsWriter claims) {
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
        byte[] mac = hmac(token, signingLen);
        Base64Url.encode(mac, 0, MAC_BYTES, token, signingLen + 1);
        return new String(token, StandardCharsets.ISO_8859_1);
    }

    /**
     * Verifies a token and returns its claims; see the class comment for the checks and their order.
     *
     * @param token the compact JWT; null or blank is {@code MISSING_TOKEN}
     * @param now the current time, from the caller's {@link java.time.Clock}
     * @return the verified claims
     * @throws JwtRejectedException if any check fails; its message contains neither the token nor the secret
     */
    public JwtClaims verify(@Nullable String token, Instant now) {
        return verify(token, now, Duration.ZERO);
    }

    /**
     * Verifies a token as {@link #verify(String, Instant)} does, but also accepts one that expired at most
     * {@code expiredGrace} (plus the clock skew) ago: for a refresh, where an expired token still proves who its
     * holder is. Every other check is unchanged.
     *
     * @param token the compact JWT; null or blank is {@code MISSING_TOKEN}
     * @param now the current time
     * @param expiredGrace how long after {@code exp} the token is still accepted; zero for none
     * @return the verified claims
     * @throws JwtRejectedException if any check fails
     */
    public JwtClaims verify(@Nullable String token, Instant now, Duration expiredGrace) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(expiredGrace, "expiredGrace");
        if (token == null || token.isBlank()) {
            throw new JwtRejectedException(Reason.MISSING_TOKEN, "no token");
        }
        int len = token.length();
        if (len > MAX_TOKEN_LENGTH) {
            throw new JwtRejectedException(
                    Reason.MALFORMED, "token is longer than " + MAX_TOKEN_LENGTH + " characters");
        }
        int dot1 = token.indexOf('.');
        int dot2 = dot1 < 0 ? -1 : token.indexOf('.', dot1 + 1);
        if (dot2 < 0 || token.indexOf('.', dot2 + 1) >= 0) {
            throw new JwtRejectedException(Reason.MALFORMED, "not a compact JWS: it needs exactly three segments");
        }
        // Characters outside Latin-1 become '?', which base64url decoding rejects; positions stay the same.
        byte[] bytes = token.getBytes(StandardCharsets.ISO_8859_1);

        // 1. Pin the algorithm before any MAC work.
        if (dot1 != HEADER_B64.length() || !token.startsWith(HEADER_B64)) {
            checkHeader(bytes, dot1);
        }

        // 2. Signature, compared in constant time. Only the canonical 43-character encoding can match.
        byte[] expected = hmac(bytes, dot2);
        byte[] provided = new byte[MAC_BYTES];
        int sigLen = len - dot2 - 1;
        boolean decoded = sigLen == MAC_B64_CHARS && Base64Url.decode(bytes, dot2 + 1, sigLen, provided, 0);
        if (!MessageDigest.isEqual(expected, provided) || !decoded) {
            throw new JwtRejectedException(Reason.BAD_SIGNATURE, "signature does not match");
        }

        // 3. Only an authentic payload is decoded and parsed. The JDK decoder is vectorized (about 12x faster than a
        //    scalar loop here); it accepts padding, which compact JWS forbids, so that is checked first.
        ByteBuffer payload;
        try {
            if (dot2 > dot1 + 1 && bytes[dot2 - 1] == '=') {
                throw new IllegalArgumentException("padding");
            }
            payload = URL_DECODER.decode(ByteBuffer.wrap(bytes, dot1 + 1, dot2 - dot1 - 1));
        } catch (IllegalArgumentException e) {
            throw new JwtRejectedException(Reason.MALFORMED, "payload is not base64url without padding");
        }
        ObjectNode claims = parseObject(
                payload.array(), payload.arrayOffset() + payload.position(), payload.remaining(), "payload");

        // 4. Time and issuer.
        OptionalLong exp = numericDate(claims, "exp");
        if (exp.isEmpty()) {
            throw new JwtRejectedException(Reason.MISSING_EXP, "token has no exp claim");
        }
        Instant earliest = now.minus(clockSkew).minus(expiredGrace);
        long e = exp.getAsLong();
        if (e < earliest.getEpochSecond() || (e == earliest.getEpochSecond() && earliest.getNano() > 0)) {
            throw new JwtRejectedException(
                    Reason.EXPIRED,
                    "token expired at " + Instant.ofEpochSecond(Math.max(e, -31557014167219200L)) + ", now is " + now
                            + ", clock skew " + clockSkew);
        }
        long latest = now.plus(clockSkew).getEpochSecond();
        OptionalLong nbf = numericDate(claims, "nbf");
        if (nbf.isPresent() && nbf.getAsLong() > latest) {
            throw new JwtRejectedException(
                    Reason.NOT_YET_VALID,
                    "token is not valid before "
                            + Instant.ofEpochSecond(Math.min(nbf.getAsLong(), 31556889864403199L))
                            + ", now is " + now + ", clock skew " + clockSkew);
        }
        OptionalLong iat = numericDate(claims, "iat");
        if (iat.isPresent() && iat.getAsLong() > latest) {
            throw new JwtRejectedException(
                    Reason.NOT_YET_VALID,
                    "token is issued in the future, at "
                            + Instant.ofEpochSecond(Math.min(iat.getAsLong(), 31556889864403199L))
                            + ", now is " + now + ", clock skew " + clockSkew);
        }
        String iss = optionalString(claims, "iss");
        if (iss == null) {
            throw new JwtRejectedException(Reason.MISSING_ISS, "token has no iss claim");
        }
        if (!iss.equals(issuer)) {
            throw new JwtRejectedException(
                    Reason.WRONG_ISSUER,
                    "token issuer " + JwtRejectedException.describe(iss) + " is not the configured API key");
        }
        return new JwtClaims(claims, iss, optionalString(claims, "sub"), e, nbf, iat);
    }

    /** Computes HMAC-SHA256 over {@code data[0, len)} with this thread's {@code Mac}. */
    byte[] hmac(byte[] data, int len) {
        Mac mac = macs.get();
        mac.update(data, 0, len);
        return mac.doFinal();
    }

    /** Returns the issuer, clock skew and whether the secret is short; never the secret. */
    @Override
    public String toString() {
        return "Hs256Jwt{issuer=" + issuer + ", clockSkew=" + clockSkew + (shortSecret ? ", shortSecret" : "") + "}";
    }

    private static void checkHeader(byte[] bytes, int end) {
        byte[] json = Base64Url.decode(bytes, 0, end);
        if (json == null) {
            throw new JwtRejectedException(Reason.MALFORMED, "header is not base64url");
        }
        ObjectNode header = parseObject(json, 0, json.length, "header");
        JsonNode alg = header.get("alg");
        if (alg == null || !alg.isTextual()) {
            throw new JwtRejectedException(Reason.ALG_NOT_ALLOWED, "header has no alg string; only HS256 is accepted");
        }
        if (!alg.textValue().equals("HS256")) {
            throw new JwtRejectedException(
                    Reason.ALG_NOT_ALLOWED,
                    "alg " + JwtRejectedException.describe(alg.textValue())
                            + " is not allowed; only HS256 is accepted");
        }
        if (header.has("crit")) {
            // RFC 7515 §4.1.11: a recipient must reject extensions it does not understand, and we understand none.
            throw new JwtRejectedException(Reason.MALFORMED, "header has crit extensions, which are not supported");
        }
    }

    private static ObjectNode parseObject(byte[] json, int offset, int length, String what) {
        JsonNode node;
        try {
            node = READER.readTree(json, offset, length);
        } catch (IOException e) {
            // no cause and no parser message: both may quote the content
            throw new JwtRejectedException(
                    Reason.MALFORMED,
                    what + " is not valid JSON (" + e.getClass().getSimpleName() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new JwtRejectedException(Reason.MALFORMED, what + " is not a JSON object");
        }
        return (ObjectNode) node;
    }

    private static OptionalLong numericDate(ObjectNode claims, String name) {
        JsonNode node = claims.get(name);
        if (node == null || node.isNull()) {
            return OptionalLong.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new JwtRejectedException(Reason.MALFORMED, "claim " + name + " is not an integer number of seconds");
        }
        return OptionalLong.of(node.longValue());
    }

    private static @Nullable String optionalString(ObjectNode claims, String name) {
        JsonNode node = claims.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new JwtRejectedException(Reason.MALFORMED, "claim " + name + " is not a string");
        }
        return node.textValue();
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(MAC_ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    private Mac cloneMac() {
        synchronized (prototype) {
            try {
                return (Mac) prototype.clone();
            } catch (CloneNotSupportedException e) {
                return newMac(key); // providers other than SunJCE may not support clone
            }
        }
    }

    /**
     * Configures an {@link Hs256Jwt}. Setters validate at once and name the bad value (never the secret). Not
     * thread-safe; it keeps a copy of the secret until it is garbage-collected.
     */
    public static final class Builder {

        private byte @Nullable [] secret;
        private @Nullable String issuer;
        private Duration clockSkew = InputRules.DEFAULT_CLOCK_SKEW;
        private boolean allowShortSecret;

        private Builder() {}

        /**
         * Sets the API secret as raw bytes (copied). Required.
         *
         * @throws IllegalArgumentException if it is empty
         */
        public Builder secret(byte[] secret) {
            Objects.requireNonNull(secret, "secret");
            if (secret.length == 0) {
                throw new IllegalArgumentException("secret must not be empty");
            }
            this.secret = secret.clone();
            return this;
        }

        /**
         * Sets the API secret as a string, used as its UTF-8 bytes like LiveKit's servers and SDKs do. Required.
         *
         * @throws IllegalArgumentException if it is empty
         */
        public Builder secret(String secret) {
            Objects.requireNonNull(secret, "secret");
            return secret(secret.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Sets the API key: verified tokens must carry it as {@code iss}. Required.
         *
         * @throws IllegalArgumentException if it is blank
         */
        public Builder issuer(String apiKey) {
            Objects.requireNonNull(apiKey, "apiKey");
            if (apiKey.isBlank()) {
                throw new IllegalArgumentException("issuer (API key) must not be blank");
            }
            this.issuer = apiKey;
            return this;
        }

        /**
         * Sets the clock skew allowed on {@code exp}, {@code nbf} and {@code iat}; default 60 s like the LiveKit server.
         *
         * @throws IllegalArgumentException unless {@code 0 <= clockSkew <= 10 min}
         */
        public Builder clockSkew(Duration clockSkew) {
            this.clockSkew = InputRules.clockSkew(clockSkew, "clockSkew");
            return this;
        }

        /**
         * Allows secrets shorter than {@value InputRules#MIN_SECRET_BYTES} bytes. Only for LiveKit's dev mode, whose secret is
         * {@code secret}; default false.
         */
        public Builder allowShortSecret(boolean allowShortSecret) {
            this.allowShortSecret = allowShortSecret;
            return this;
        }

        /**
         * Builds the signer/verifier.
         *
         * @throws IllegalStateException if the secret or the issuer is missing
         * @throws IllegalArgumentException if the secret is shorter than {@value InputRules#MIN_SECRET_BYTES} bytes and short
         *     secrets are not allowed
         */
        public Hs256Jwt build() {
            byte[] s = secret;
            if (s == null) {
                throw new IllegalStateException("secret is required");
            }
            if (issuer == null) {
                throw new IllegalStateException("issuer (API key) is required");
            }
            if (!InputRules.isLongEnoughSecret(s.length) && !allowShortSecret) {
                throw new IllegalArgumentException("secret is " + s.length + " bytes; it must be at least "
                        + InputRules.MIN_SECRET_BYTES
                        + " bytes (256 bits, the HS256 key size), as LiveKit requires outside dev mode."
                        + " LiveKit's dev mode uses a 6-byte secret; to use such a short secret, set"
                        + " allowShortSecret(true) explicitly, and never in production.");
            }
            byte[] copy = s.clone();
            try {
                return new Hs256Jwt(this, copy);
            } finally {
                Arrays.fill(copy, (byte) 0); // SecretKeySpec keeps its own copy
            }
        }
    }
}
