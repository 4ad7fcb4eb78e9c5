package io.meetkit;

import org.jspecify.annotations.Nullable;

/**
 * LiveKit could not be reached or answered that it is overloaded or failing: an I/O error, a timeout, HTTP 5xx,
 * {@code unavailable}, {@code resource_exhausted}, {@code deadline_exceeded} or {@code internal}. Always
 * {@linkplain #retryable() retryable}; MeetKit's stored state is unchanged when this is thrown.
 */
public final class LiveKitUnavailableException extends MeetingException {

    private static final long serialVersionUID = 1L;

    /** The stable code of this exception. */
    public static final String LIVEKIT_UNAVAILABLE = ErrorCode.LIVEKIT_UNAVAILABLE.code();

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param twirpCode LiveKit's Twirp code, when it answered
     * @param cause the I/O error, if any
     */
    public LiveKitUnavailableException(String message, @Nullable String twirpCode, @Nullable Throwable cause) {
        super(LIVEKIT_UNAVAILABLE, message, twirpCode, true, cause);
    }
}
