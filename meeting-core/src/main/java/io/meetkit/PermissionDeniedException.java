package io.meetkit;

/** The caller may not do this: an unknown role secret, a role without the needed permission. */
public final class PermissionDeniedException extends MeetingException {

    private static final long serialVersionUID = 1L;

    /** The stable code of this exception. */
    public static final String PERMISSION_DENIED = ErrorCode.PERMISSION_DENIED.code();

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
