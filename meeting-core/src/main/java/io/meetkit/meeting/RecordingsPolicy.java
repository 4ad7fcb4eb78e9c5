package io.meetkit.meeting;

/** What deleting a meeting does when it has recordings (OpenVidu Meet's {@code withRecordings}). */
public enum RecordingsPolicy {
    /** Stop an unfinished recording and delete every recording with its stored file, then the meeting. */
    FORCE,
    /** Keep the meeting and its recordings, and close the meeting instead of deleting it. */
    CLOSE,
    /** Refuse with {@code meeting_has_recordings}. */
    FAIL
}
