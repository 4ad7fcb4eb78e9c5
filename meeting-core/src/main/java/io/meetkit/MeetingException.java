package io.meetkit;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The one root of every exception MeetKit throws. It is unchecked; its subclasses say what the caller can do.
 *
 * <p>Every instance carries a stable, machine-readable {@link #code()} (for example {@code meeting_not_found} or
 * {@code stale_version}) that the Spring starter puts into {@code application/problem+json} responses, the LiveKit
 * Twirp code when the failure came from LiveKit, and whether retrying the same call may succeed.
 *
 * <p>Messages never contain secrets or tokens.
 */
public abstract class MeetingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final @Nullable String twirpCode;
    private final boolean retryable;

    /**
     * Creates an exception.
     *
     * @param code stable machine-readable code, lower snake case
     * @param message human-readable message without secrets
     * @param twirpCode the LiveKit Twirp error code, when the failure came from LiveKit
     * @param retryable whether the same call may succeed later
     * @param cause the underlying cause, if any
     */
    protected MeetingException(
            String code, String message, @Nullable String twirpCode, boolean retryable, @Nullable Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.twirpCode = twirpCode;
        this.retryable = retryable;
    }

    /** Returns the stable machine-readable code of this failure, for example {@code meeting_not_found}. */
    public final String code() {
        return code;
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
