package io.meetkit.internal.participant;

import io.meetkit.internal.jwt.JwtRejectedException;
import io.meetkit.participant.TokenRejectedException;

/** Translates the JWT codec's rejections into the API's {@link TokenRejectedException}. Stateless. Not API. */
final class TokenRejections {

    private TokenRejections() {}

    /** Translates the JWT codec's rejection; its message is already free of the token and the secret. */
    static TokenRejectedException tokenRejected(JwtRejectedException e) {
        TokenRejectedException.Reason reason = switch (e.reason()) {
            case MISSING_TOKEN -> TokenRejectedException.Reason.MISSING_TOKEN;
            case MALFORMED, BODY_HASH_MISMATCH, MISSING_SHA256 -> TokenRejectedException.Reason.MALFORMED;
            case ALG_NOT_ALLOWED -> TokenRejectedException.Reason.ALG_NOT_ALLOWED;
            case BAD_SIGNATURE -> TokenRejectedException.Reason.BAD_SIGNATURE;
            case MISSING_EXP -> TokenRejectedException.Reason.MISSING_EXP;
            case EXPIRED -> TokenRejectedException.Reason.EXPIRED;
            case NOT_YET_VALID -> TokenRejectedException.Reason.NOT_YET_VALID;
            case MISSING_ISS -> TokenRejectedException.Reason.MISSING_ISS;
            case WRONG_ISSUER -> TokenRejectedException.Reason.WRONG_ISSUER;
        };
        return new TokenRejectedException(reason, "participant token rejected: " + e.getMessage());
    }
}
