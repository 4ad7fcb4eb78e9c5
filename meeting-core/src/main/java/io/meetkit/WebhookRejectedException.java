package io.meetkit;

import java.util.Objects;

/**
 * A LiveKit webhook was refused before anything was stored: the request is not authentic, not intact, too old, too
 * large, or not a webhook at all. {@link #reason()} says which; {@link #code()} is {@code webhook_} plus the reason in
 * lower case (for example {@code webhook_bad_signature}). Answer it with 401 (authentication reasons) or 400/413 (body
 * reasons); LiveKit retries, which does no harm.
 *
 * <p>The message never contains the token, the secret or the body.
 */
public final class WebhookRejectedException extends MeetingException {

    private static final long serialVersionUID = 1L;

    /** Why a webhook was refused; the names follow the bad-input catalog of MeetKit's security notes. */
    public enum Reason {
        /** The {@code Authorization} header is missing or blank. */
        MISSING_AUTH(true, ErrorCode.WEBHOOK_MISSING_AUTH),
        /** The header is not a compact JWS (garbage, wrong segment count, bad JSON, or a {@code Bearer } prefix). */
        MALFORMED(true, ErrorCode.WEBHOOK_MALFORMED),
        /** The token's algorithm is not HS256 ({@code none}, {@code HS512}, {@code RS256}, …). */
        ALG_NOT_ALLOWED(true, ErrorCode.WEBHOOK_ALG_NOT_ALLOWED),
        /** The HMAC-SHA256 signature does not verify with the API secret. */
        BAD_SIGNATURE(true, ErrorCode.WEBHOOK_BAD_SIGNATURE),
        /** The token has no {@code exp}. */
        MISSING_EXP(true, ErrorCode.WEBHOOK_MISSING_EXP),
        /** The token expired longer ago than the allowed clock skew. */
        EXPIRED(true, ErrorCode.WEBHOOK_EXPIRED),
        /** The token's {@code nbf}/{@code iat} lies further ahead than the allowed clock skew. */
        NOT_YET_VALID(true, ErrorCode.WEBHOOK_NOT_YET_VALID),
        /** The token has no {@code iss}. */
        MISSING_ISS(true, ErrorCode.WEBHOOK_MISSING_ISS),
        /** The token's {@code iss} is not MeetKit's API key. */
        UNKNOWN_API_KEY(true, ErrorCode.WEBHOOK_UNKNOWN_API_KEY),
        /** The token's {@code sha256} claim is missing or does not match the SHA-256 of the raw body bytes. */
        BODY_HASH_MISMATCH(true, ErrorCode.WEBHOOK_BODY_HASH_MISMATCH),
        /** The body is larger than the configured limit; it was not read beyond the limit. */
        BODY_TOO_LARGE(false, ErrorCode.WEBHOOK_BODY_TOO_LARGE),
        /** The body is authentic but not a protojson {@code WebhookEvent} (or could not be read). */
        MALFORMED_BODY(false, ErrorCode.WEBHOOK_MALFORMED_BODY);

        private final boolean authentication;
        private final ErrorCode errorCode;

        Reason(boolean authentication, ErrorCode errorCode) {
            this.authentication = authentication;
            this.errorCode = errorCode;
        }

        /** Whether the request failed authentication (answer 401) rather than carried a bad body (400/413). */
        public boolean authentication() {
            return authentication;
        }

        /** The stable code: {@code webhook_} plus the name in lower case. */
        public String code() {
            return errorCode.code();
        }
    }

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason why the webhook was refused
     * @param message what was wrong, without token, secret or body
     */
    public WebhookRejectedException(Reason reason, String message) {
        this(reason, message, null);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param reason why the webhook was refused
     * @param message what was wrong, without token, secret or body
     * @param cause the underlying failure, if any
     */
    public WebhookRejectedException(Reason reason, String message, @org.jspecify.annotations.Nullable Throwable cause) {
        super(Objects.requireNonNull(reason, "reason").code(), message, null, false, cause);
        this.reason = reason;
    }

    /** Why the webhook was refused. */
    public Reason reason() {
        return reason;
    }
}
