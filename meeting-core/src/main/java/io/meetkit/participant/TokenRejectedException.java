package io.meetkit.participant;

import io.meetkit.ErrorCode;
import io.meetkit.MeetingException;
import java.util.Objects;

/**
 * A participant token failed {@link ParticipantTokens#verify(String)}. {@link #reason()} says why, and
 * {@link #code()} is {@code token_} plus the reason in lower case (for example {@code token_expired}). The message
 * never contains the token or the secret.
 */
public final class TokenRejectedException extends MeetingException {

    private static final long serialVersionUID = 1L;

    /** Why a token was rejected. */
    public enum Reason {
        /** No token: null, empty or blank. */
        MISSING_TOKEN(ErrorCode.TOKEN_MISSING_TOKEN),
        /**
         * Not a compact JWS: not three segments, bad base64url or JSON, a claim of the wrong type, a date outside the
         * range of {@link java.time.Instant} (for example {@code exp} = 2<sup>63</sup>−1).
         */
        MALFORMED(ErrorCode.TOKEN_MALFORMED),
        /** The header's {@code alg} is not {@code HS256} (for example {@code none} or {@code HS512}). */
        ALG_NOT_ALLOWED(ErrorCode.TOKEN_ALG_NOT_ALLOWED),
        /** The signature does not match: another secret, or a changed header or payload. */
        BAD_SIGNATURE(ErrorCode.TOKEN_BAD_SIGNATURE),
        /** The token has no {@code exp}. */
        MISSING_EXP(ErrorCode.TOKEN_MISSING_EXP),
        /** {@code exp} plus the clock skew is in the past. */
        EXPIRED(ErrorCode.TOKEN_EXPIRED),
        /** {@code nbf} (or {@code iat}) minus the clock skew is in the future. */
        NOT_YET_VALID(ErrorCode.TOKEN_NOT_YET_VALID),
        /** The token has no {@code iss}. */
        MISSING_ISS(ErrorCode.TOKEN_MISSING_ISS),
        /** {@code iss} is not this MeetKit's API key. */
        WRONG_ISSUER(ErrorCode.TOKEN_WRONG_ISSUER);

        private final ErrorCode errorCode;

        Reason(ErrorCode errorCode) {
            this.errorCode = errorCode;
        }

        /** Returns the stable code of this reason, for example {@code token_expired}. */
        public String code() {
            return errorCode.code();
        }
    }

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason why the token was rejected
     * @param message what was wrong, without the token or any secret
     */
    public TokenRejectedException(Reason reason, String message) {
        super(Objects.requireNonNull(reason, "reason").code(), message, null, false, null);
        this.reason = reason;
    }

    /** Returns why the token was rejected. */
    public Reason reason() {
        return reason;
    }
}
