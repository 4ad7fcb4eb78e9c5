package io.meetkit;

import org.jspecify.annotations.Nullable;

/** The thing the call names does not exist: a meeting, a recording, a live room or a participant. */
public final class NotFoundException extends MeetingException {

    private static final long serialVersionUID = 1L;

    /** Meeting id or room name unknown. */
    public static final String MEETING_NOT_FOUND = ErrorCode.MEETING_NOT_FOUND.code();
    /** Recording id unknown. */
    public static final String RECORDING_NOT_FOUND = ErrorCode.RECORDING_NOT_FOUND.code();
    /** The participant is not in the meeting's LiveKit room. */
    public static final String PARTICIPANT_NOT_FOUND = ErrorCode.PARTICIPANT_NOT_FOUND.code();
    /** LiveKit answered {@code not_found}. */
    public static final String LIVEKIT_NOT_FOUND = ErrorCode.LIVEKIT_NOT_FOUND.code();

    /**
     * Creates the exception.
     *
     * @param code one of the codes of this class or another stable code
     * @param message what was not found
     */
    public NotFoundException(String code, String message) {
        this(code, message, null);
    }

    /**
     * Creates the exception for a LiveKit {@code not_found} answer.
     *
     * @param code stable code
     * @param message what was not found
     * @param twirpCode LiveKit's Twirp code
     */
    public NotFoundException(String code, String message, @Nullable String twirpCode) {
        super(code, message, twirpCode, false, null);
    }
}
