package io.meetkit.meeting;

import java.util.Objects;
import java.util.UUID;

/**
 * What deleting one meeting did.
 *
 * @param meetingId the meeting
 * @param outcome deleted, closed or scheduled
 * @param endedLiveMeeting whether a live LiveKit room was ended by this call
 * @param deletedRecordings how many recordings were deleted with the meeting
 */
public record DeletionResult(UUID meetingId, DeletionOutcome outcome, boolean endedLiveMeeting, int deletedRecordings) {
    /** Validates the components. */
    public DeletionResult {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(outcome, "outcome");
    }
}
