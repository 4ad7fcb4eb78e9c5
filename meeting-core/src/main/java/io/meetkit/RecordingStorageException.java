package io.meetkit;

import org.jspecify.annotations.Nullable;

/** The recording storage (S3 or compatible) failed; the stored records are kept so that the call can be retried. */
public final class RecordingStorageException extends MeetingException {

    private static final long serialVersionUID = 1L;

    /** The stable code of this exception. */
    public static final String STORAGE_FAILURE = ErrorCode.STORAGE_FAILURE.code();

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param retryable whether the same call may succeed later
     * @param cause the underlying failure
     */
    public RecordingStorageException(String message, boolean retryable, @Nullable Throwable cause) {
        super(STORAGE_FAILURE, message, null, retryable, cause);
    }
}
