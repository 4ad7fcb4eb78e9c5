package io.meetkit.internal.jwt;

import java.util.Objects;

/**
 * A token or webhook signature was rejected. The {@link #reason()} is stable and meant for code (metrics, HTTP
 * status, logs); the message is for people.
 *
 * <p>Messages never contain the token, the secret or the request body. Values that an unauthenticated sender controls
 * (for example the {@code alg} header) appear only after {@link #describe(String)} has restricted them to a short,
 * printable form.
 */
public final class JwtRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a token was rejected. The checks run in the order listed. */
    public enum Reason {
        /** No token: the value or the {@code Authorization} header is missing, empty or blank. */
        MISSING_TOKEN,
        /**
         * Not a compact JWS: not exactly three segments, bad base64url, header or payload not a JSON object, a claim of
         * the wrong type, a {@code crit} header, or a {@code Bearer } prefix on a webhook header.
         */
        MALFORMED,
        /** The header's {@code alg} is not {@code HS256} (for example {@code none}, {@code HS512}, {@code RS256}). */
        ALG_NOT_ALLOWED,
        /** The HMAC-SHA256 signature does not match (wrong secret or a changed header or payload). */
        BAD_SIGNATURE,
        /** The signed payload has no {@code exp} claim. */
        MISSING_EXP,
        /** {@code exp} plus the allowed clock skew is before now. */
        EXPIRED,
        /** {@code nbf} (or {@code iat}) minus the allowed clock skew is after now. */
        NOT_YET_VALID,
        /** The signed payload has no {@code iss} claim. */
        MISSING_ISS,
        /** {@code iss} is not the configured API key. */
        WRONG_ISSUER,
        /** Webhooks: the {@code sha256} claim is not base64(SHA-256(body)). */
        BODY_HASH_MISMATCH,
        /** Webhooks: the token has no {@code sha256} claim. */
        MISSING_SHA256
    }

    private final Reason reason;

    /**
     * Creates a rejection.
     *
     * @param reason why the token was rejected
     * @param message a message that contains no token, secret or body
     */
    public JwtRejectedException(Reason reason, String message) {
        super(Objects.requireNonNull(reason, "reason") + ": " + Objects.requireNonNull(message, "message"));
        this.reason = reason;
    }

    /**
     * Returns why the token was rejected.
     *
     * @return the reason, never null
     */
    public Reason reason() {
        return reason;
    }

    /**
     * Makes a value that an unauthenticated sender controls safe to put in a message or a log line: at most 40
     * characters from {@code [A-Za-z0-9._:@+/=-]}, quoted; anything else is replaced by a placeholder.
     *
     * @param untrusted the value, may be anything
     * @return a short quoted value, or {@code (unprintable)} / {@code (too long)}
     */
    static String describe(String untrusted) {
        if (untrusted.length() > 40) {
            return "(too long)";
        }
        for (int i = 0; i < untrusted.length(); i++) {
            char c = untrusted.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == ':'
                    || c == '@'
                    || c == '+'
                    || c == '/'
                    || c == '='
                    || c == '-';
            if (!ok) {
                return "(unprintable)";
            }
        }
        return "'" + untrusted + "'";
    }
}
