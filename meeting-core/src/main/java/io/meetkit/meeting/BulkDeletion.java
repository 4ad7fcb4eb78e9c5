package io.meetkit.meeting;

import io.meetkit.MeetingException;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What a bulk delete did, with an outcome per id.
 *
 * @param succeeded the meetings deleted, closed or scheduled, in request order
 * @param failed the meetings that were refused or failed, in request order
 */
public record BulkDeletion(List<DeletionResult> succeeded, List<Failure> failed) {

    /**
     * One meeting that could not be deleted.
     *
     * @param meetingId the meeting
     * @param error why; {@link MeetingException#code()} is stable
     */
    public record Failure(UUID meetingId, MeetingException error) {
        /** Validates the components. */
        public Failure {
            Objects.requireNonNull(meetingId, "meetingId");
            Objects.requireNonNull(error, "error");
        }
    }

    /** Copies the lists. */
    public BulkDeletion {
        succeeded = List.copyOf(succeeded);
        failed = List.copyOf(failed);
    }

    /** Returns {@code true} when every meeting was deleted, closed or scheduled. */
    public boolean allSucceeded() {
        return failed.isEmpty();
    }
}
