package io.meetkit.internal.jwt;

import io.meetkit.internal.jwt.JwtRejectedException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Authenticates a LiveKit webhook request <em>before</em> its body is parsed: the {@code Authorization} header must be
 * a token that {@link Hs256Jwt#verify(String, Instant)} accepts, and its {@code sha256} claim must equal
 * base64(SHA-256(raw body bytes)), standard Base64 with padding as LiveKit's Go notifier writes it, compared in constant
 * time.
 *
 * <p>The header must hold the raw token. LiveKit sends no {@code Bearer } prefix (its notifier writes the token as is,
 * and its own verifiers and the Kotlin SDK reject a prefix), so a {@code Bearer } value did not come from LiveKit's
 * notifier unchanged; it is rejected as {@code MALFORMED} rather than silently accepted, which keeps exactly one accepted
 * form.
 *
 * <p>It does not parse the body, cap its size or deduplicate events; callers cap the body before reading it (for
 * example 1 MiB) and deduplicate by the event {@code id}. A captured webhook can be replayed for its 5-minute lifetime
 * plus the clock skew.
 *
 * <p>Thread-safe; create one per API key. Each thread keeps one cloned {@link MessageDigest}.
 */
public final class WebhookSignatureVerifier {

    private static final String BEARER = "Bearer ";

    private final Hs256Jwt jwt;
    private final MessageDigest prototype;
    private final ThreadLocal<MessageDigest> digests;

    /**
     * Creates a verifier that checks tokens with {@code jwt} (its API key, secret and clock skew).
     *
     * @param jwt the signer/verifier for the LiveKit API key that signs the webhooks
     */
    public WebhookSignatureVerifier(Hs256Jwt jwt) {
        this.jwt = Objects.requireNonNull(jwt, "jwt");
        this.prototype = newDigest();
        this.digests = ThreadLocal.withInitial(this::cloneDigest);
    }

    /**
     * Verifies a webhook request.
     *
     * @param rawBody the request body exactly as received, before any charset or JSON handling
     * @param authorizationHeader the {@code Authorization} header value; null or blank is {@code MISSING_TOKEN}
     * @param now the current time, from the caller's {@link java.time.Clock}
     * @return the verified claims; the body may be parsed now
     * @throws JwtRejectedException {@code MISSING_TOKEN}, {@code MALFORMED} (also for a {@code Bearer } prefix), any
     *     reason of {@link Hs256Jwt#verify(String, Instant)}, {@code MISSING_SHA256} or {@code BODY_HASH_MISMATCH}
     */
    public JwtClaims verify(byte[] rawBody, @Nullable String authorizationHeader, Instant now) {
        Objects.requireNonNull(rawBody, "rawBody");
        Objects.requireNonNull(now, "now");
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            throw new JwtRejectedException(Reason.MISSING_TOKEN, "the Authorization header is missing or blank");
        }
        if (authorizationHeader.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new JwtRejectedException(
                    Reason.MALFORMED,
                    "the Authorization header has a 'Bearer ' prefix; LiveKit webhooks carry the raw token");
        }
        JwtClaims claims = jwt.verify(authorizationHeader, now);
        Optional<String> claimed = claims.sha256();
        if (claimed.isEmpty()) {
            throw new JwtRejectedException(Reason.MISSING_SHA256, "the token has no sha256 claim for the body");
        }
        MessageDigest digest = digests.get();
        byte[] expected = Base64.getEncoder().encode(digest.digest(rawBody));
        if (!MessageDigest.isEqual(expected, claimed.get().getBytes(StandardCharsets.ISO_8859_1))) {
            throw new JwtRejectedException(
                    Reason.BODY_HASH_MISMATCH,
                    "the sha256 claim does not match the SHA-256 of the " + rawBody.length + "-byte body");
        }
        return claims;
    }

    /** The clock skew allowed on {@code exp} and {@code nbf}: the one of the codec it verifies with. */
    public java.time.Duration clockSkew() {
        return jwt.clockSkew();
    }

    /** Returns the API key it verifies for. */
    @Override
    public String toString() {
        return "WebhookSignatureVerifier{issuer=" + jwt.issuer() + "}";
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private MessageDigest cloneDigest() {
        synchronized (prototype) {
            try {
                return (MessageDigest) prototype.clone();
            } catch (CloneNotSupportedException e) {
                return newDigest();
            }
        }
    }
}
