package io.meetkit;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** The call's input is invalid; {@link #violations()} names each bad field and what is wrong with it. */
public final class InvalidRequestException extends MeetingException {

    private static final long serialVersionUID = 1L;

    /** The stable code of this exception. */
    public static final String INVALID_REQUEST = ErrorCode.INVALID_REQUEST.code();

    /**
     * One bad field.
     *
     * @param field the field's name as the caller knows it, for example {@code title}
     * @param message what is wrong with its value, for example {@code must not be blank}
     */
    public record Violation(String field, String message) {
        /** Validates the components. */
        public Violation {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String toString() {
            return field + " " + message;
        }
    }

    private final List<Violation> violations;

    /**
     * Creates the exception for one bad field.
     *
     * @param field field name
     * @param message what is wrong with it
     */
    public InvalidRequestException(String field, String message) {
        this(List.of(new Violation(field, message)), null);
    }

    /**
     * Creates the exception for several bad fields, or for a LiveKit {@code invalid_argument} answer.
     *
     * @param violations at least one violation
     * @param twirpCode LiveKit's Twirp code, when LiveKit refused the input
     */
    public InvalidRequestException(List<Violation> violations, @Nullable String twirpCode) {
        super(INVALID_REQUEST, describe(violations), twirpCode, false, null);
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("violations must not be empty");
        }
        this.violations = List.copyOf(violations);
    }

    private static String describe(List<Violation> violations) {
        return "invalid request: "
                + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    }

    /** Returns the bad fields, never empty. */
    public List<Violation> violations() {
        return violations;
    }
}
