package io.meetkit;

import org.jspecify.annotations.Nullable;

/**
 * LiveKit refused MeetKit's credentials or grants ({@code unauthenticated}, {@code permission_denied}), or the URL does
 * not point at a LiveKit API. Fix the API key, secret or URL; retrying does not help.
 */
public final class LiveKitMisconfiguredException extends MeetingException {

    private static final long serialVersionUID = 1L;

    /** The stable code of this exception. */
    public static final String LIVEKIT_MISCONFIGURED = ErrorCode.LIVEKIT_MISCONFIGURED.code();

    /**
     * Creates the exception.
     *
     * @param message what LiveKit refused
     * @param twirpCode LiveKit's Twirp code, when it answered with one
     */
    public LiveKitMisconfiguredException(String message, @Nullable String twirpCode) {
        super(LIVEKIT_MISCONFIGURED, message, twirpCode, false, null);
    }
}
