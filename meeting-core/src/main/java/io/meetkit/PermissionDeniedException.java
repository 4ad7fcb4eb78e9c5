package io.meetkit;

/**
 * The caller may not do this: an unknown role secret, a role without the needed permission, a kicked participant,
 * a token that does not prove the participant.
 */
public final class PermissionDeniedException extends MeetingException {

    private static final long serialVersionUID = 1L;

    /** The stable code of this exception. */
    public static final String PERMISSION_DENIED = ErrorCode.PERMISSION_DENIED.code();

    /**
     * The code when the participant identity was kicked from the meeting and its ban has not lapsed yet (until the
     * last token it could hold has expired).
     */
    public static final String PARTICIPANT_BANNED = ErrorCode.PARTICIPANT_BANNED.code();

    /**
     * Creates the exception.
     *
     * @param code stable code, usually {@link #PERMISSION_DENIED}
     * @param message what was refused, without secrets
     */
    public PermissionDeniedException(String code, String message) {
        super(code, message, null, false, null);
    }
}
