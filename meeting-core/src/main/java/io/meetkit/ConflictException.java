package io.meetkit;

import org.jspecify.annotations.Nullable;

/**
 * The call is valid but the current state refuses it; {@link #code()} says why. Reading the state again and deciding
 * anew is the usual answer; repeating the same call unchanged usually fails the same way.
 */
public final class ConflictException extends MeetingException {

    private static final long serialVersionUID = 1L;

    /** An update carried a version that is no longer the stored one: someone else changed the thing first. */
    public static final String STALE_VERSION = ErrorCode.STALE_VERSION.code();
    /** The meeting is CLOSED: no tokens, no recordings. */
    public static final String MEETING_CLOSED = ErrorCode.MEETING_CLOSED.code();
    /** The meeting has a live LiveKit room and the policy says fail. */
    public static final String MEETING_HAS_ACTIVE_MEETING = ErrorCode.MEETING_HAS_ACTIVE_MEETING.code();
    /** The meeting has recordings and the policy says fail. */
    public static final String MEETING_HAS_RECORDINGS = ErrorCode.MEETING_HAS_RECORDINGS.code();
    /** A second unfinished recording of the same meeting was refused. */
    public static final String RECORDING_IN_PROGRESS = ErrorCode.RECORDING_IN_PROGRESS.code();
    /** The recording is not in a state that allows the call. */
    public static final String RECORDING_STATE = ErrorCode.RECORDING_STATE.code();
    /** An insert collided with an existing id or unique name. */
    public static final String ALREADY_EXISTS = ErrorCode.ALREADY_EXISTS.code();
    /** No free display name could be reserved. */
    public static final String NAME_UNAVAILABLE = ErrorCode.NAME_UNAVAILABLE.code();
    /** LiveKit answered {@code already_exists}, {@code aborted} or {@code failed_precondition}. */
    public static final String LIVEKIT_CONFLICT = ErrorCode.LIVEKIT_CONFLICT.code();

    /**
     * Creates the exception.
     *
     * @param code stable reason code, one of the constants of this class or another stable code
     * @param message what conflicted
     */
    public ConflictException(String code, String message) {
        this(code, message, null);
    }

    /**
     * Creates the exception for a LiveKit answer.
     *
     * @param code stable reason code
     * @param message what conflicted
     * @param twirpCode LiveKit's Twirp code
     */
    public ConflictException(String code, String message, @Nullable String twirpCode) {
        super(code, message, twirpCode, false, null);
    }
}
