package io.meetkit.recording;

import io.meetkit.MeetingException;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What deleting several recordings did, one outcome per id.
 *
 * @param deleted the recordings deleted
 * @param failed the recordings not deleted, each with why
 */
public record RecordingBulkDeletion(List<UUID> deleted, List<Failure> failed) {

    /**
     * One recording that was not deleted.
     *
     * @param recordingId the recording
     * @param error why: not found, not finished ({@code recording_state}), storage failure, …
     */
    public record Failure(UUID recordingId, MeetingException error) {
        /** Validates the components. */
        public Failure {
            Objects.requireNonNull(recordingId, "recordingId");
            Objects.requireNonNull(error, "error");
        }
    }

    /** Validates and copies the components. */
    public RecordingBulkDeletion {
        deleted = List.copyOf(deleted);
        failed = List.copyOf(failed);
    }

    /** Returns {@code true} when every recording was deleted. */
    public boolean allSucceeded() {
        return failed.isEmpty();
    }
}
