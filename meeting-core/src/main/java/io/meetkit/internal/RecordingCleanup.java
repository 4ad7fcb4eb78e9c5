package io.meetkit.internal;

import java.util.UUID;

/**
 * What deleting a meeting needs from the recordings side. The recordings component implements it in full (stop
 * the egress, delete objects, then records); the default only works on the store. Not API.
 */
public interface RecordingCleanup {

    /** Returns how many recordings the meeting has. */
    long count(UUID meetingId);

    /**
     * Stops an unfinished recording of the meeting and deletes all its recordings.
     *
     * @return how many recordings were deleted
     */
    int deleteAll(UUID meetingId);
}
