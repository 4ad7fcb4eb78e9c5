package io.meetkit;

import org.jspecify.annotations.Nullable;

/**
 * The call is valid but the current state refuses it; {@link #code()} says why. Reading the state again and deciding
 * anew is the usual answer; repeating the same call unchanged usually fails the same way.
 */
public final class ConflictException extends MeetingException {

    private static final long serialVersionUID = 1L;

    /** An update carried a version that is no longer the stored one: someone else changed the thing first. */
    public static final String STALE_VERSION = "stale_version";
    /** The meeting is CLOSED: no tokens, no recordings. */
    public static final String MEETING_CLOSED = "meeting_closed";
    /** The meeting has a live LiveKit room and the policy says fail. */
    public static final String MEETING_HAS_ACTIVE_MEETING = "meeting_has_active_meeting";
    /** The meeting has recordings and the policy says fail. */
    public static final String MEETING_HAS_RECORDINGS = "meeting_has_recordings";
    /** A second unfinished recording of the same meeting was refused. */
    public static final String RECORDING_IN_PROGRESS = "recording_in_progress";
    /** The recording is not in a state that allows the call. */
    public static final String RECORDING_STATE = "recording_state";
    /** An insert collided with an existing id or unique name. */
    public static final String ALREADY_EXISTS = "already_exists";
    /** No free display name could be reserved. */
    public static final String NAME_UNAVAILABLE = "name_unavailable";
    /** LiveKit answered {@code already_exists}, {@code aborted} or {@code failed_precondition}. */
    public static final String LIVEKIT_CONFLICT = "livekit_conflict";

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
