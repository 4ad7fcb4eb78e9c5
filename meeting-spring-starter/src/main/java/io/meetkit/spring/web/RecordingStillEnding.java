package io.meetkit.spring.web;

import io.meetkit.ConflictException;
import java.util.Objects;

/**
 * A download or stream of a recording that is still ENDING (the egress is finishing and uploading the file): a 409
 * {@code recording_state} like any other state conflict, but marked retryable with {@code Retry-After}, because
 * waiting is all it takes. STARTING or ACTIVE recordings are not: they need a stop first.
 */
final class RecordingStillEnding extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ConflictException conflict;

    RecordingStillEnding(ConflictException conflict) {
        super(conflict.getMessage(), conflict);
        this.conflict = Objects.requireNonNull(conflict, "conflict");
    }

    /** The conflict core reported. */
    ConflictException conflict() {
        return conflict;
    }
}
