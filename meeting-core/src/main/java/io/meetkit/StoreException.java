package io.meetkit;

import org.jspecify.annotations.Nullable;

/**
 * A store (the database behind meetings, recordings, names, webhook ids or leases) failed. A failed operation leaves
 * no partial state behind.
 */
public final class StoreException extends MeetingException {

    private static final long serialVersionUID = 1L;

    /** The stable code of this exception. */
    public static final String STORE_FAILURE = ErrorCode.STORE_FAILURE.code();

    /**
     * Creates the exception.
     *
     * @param message what failed, without SQL parameters that may hold secrets
     * @param retryable whether the same call may succeed later (a broken connection, a database that is down)
     * @param cause the underlying failure
     */
    public StoreException(String message, boolean retryable, @Nullable Throwable cause) {
        super(STORE_FAILURE, message, null, retryable, cause);
    }
}
