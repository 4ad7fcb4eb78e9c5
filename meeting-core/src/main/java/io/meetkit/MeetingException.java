package io.meetkit;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The one root of every exception MeetKit throws. It is unchecked; its subclasses say what the caller can do.
 *
 * <p>Every instance carries a stable, machine-readable {@link #code()} (for example {@code meeting_not_found} or
 * {@code stale_version}, listed in {@link ErrorCode}) that the Spring starter puts into {@code application/problem+json} responses, the LiveKit
 * Twirp code when the failure came from LiveKit, and whether retrying the same call may succeed.
 *
 * <p>Messages never contain secrets or tokens.
 */
public abstract class MeetingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;
    private final @Nullable String twirpCode;
    private final boolean retryable;

    /**
     * Creates an exception.
     *
     * @param code stable machine-readable code, lower snake case, listed in {@link ErrorCode}
     * @param message human-readable message without secrets
     * @param twirpCode the LiveKit Twirp error code, when the failure came from LiveKit
     * @param retryable whether the same call may succeed later
     * @param cause the underlying cause, if any
     * @throws IllegalArgumentException if {@link ErrorCode} does not list the code (or lists it as the REST API's)
     */
    protected MeetingException(
            String code, String message, @Nullable String twirpCode, boolean retryable, @Nullable Throwable cause) {
        super(message, cause);
        this.errorCode = ErrorCode.thrown(Objects.requireNonNull(code, "code"));
        this.twirpCode = twirpCode;
        this.retryable = retryable;
    }

    /** Returns the stable machine-readable code of this failure, for example {@code meeting_not_found}. */
    public final String code() {
        return errorCode.code();
    }

    /**
     * Returns this failure's entry in the catalog of codes.
     *
     * @return the entry whose {@link ErrorCode#code()} is {@link #code()}
     */
    public final ErrorCode errorCode() {
        return errorCode;
    }

    /** Returns LiveKit's Twirp error code when the failure came from a LiveKit call. */
    public final Optional<String> twirpCode() {
        return Optional.ofNullable(twirpCode);
    }

    /** Returns {@code true} when repeating the same call later may succeed (LiveKit or a store was unavailable). */
    public final boolean retryable() {
        return retryable;
    }
}
