package io.meetkit.internal.jwt;

import io.meetkit.rules.InputRules;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
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
 * <p>This class holds the configuration; each job has its own class: {@code JwtSigner} signs, {@code JwtVerifier}
 * verifies, {@code Hs256Mac} keeps the key and the per-thread {@code Mac}s.
 *
 * <p>Thread-safe; build one per API key and share it. Each thread that uses it keeps one cloned {@code Mac} in a
 * {@link ThreadLocal} (a clone costs about as much as one signature, so short-lived virtual threads remain fine). The
 * secret never appears in {@link #toString()} or in exception messages.
 */
public final class Hs256Jwt {

    /** Longest token that {@link #verify(String, Instant)} will look at, in characters. */
    public static final int MAX_TOKEN_LENGTH = 256 * 1024;

    private final String issuer;
    private final Duration clockSkew;
    private final boolean shortSecret;
    private final JwtSigner signer;
    private final JwtVerifier verifier;

    private Hs256Jwt(Builder b, byte[] secret) {
        this.issuer = Objects.requireNonNull(b.issuer);
        this.clockSkew = b.clockSkew;
        this.shortSecret = !InputRules.isLongEnoughSecret(secret.length);
        Hs256Mac mac = new Hs256Mac(secret);
        this.signer = new JwtSigner(mac);
        this.verifier = new JwtVerifier(issuer, clockSkew, mac);
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
        return signer.sign(claims);
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
        return verifier.verify(token, now);
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
        return verifier.verify(token, now, expiredGrace);
    }

    /** Returns the issuer, clock skew and whether the secret is short; never the secret. */
    @Override
    public String toString() {
        return "Hs256Jwt{issuer=" + issuer + ", clockSkew=" + clockSkew + (shortSecret ? ", shortSecret" : "") + "}";
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
