package io.meetkit.meeting;

/** What happens to a meeting when its live LiveKit room finishes. */
public enum EndAction {
    /** Back to {@link MeetingStatus#OPEN}. */
    NONE,
    /** To {@link MeetingStatus#CLOSED}. */
    CLOSE,
    /** The meeting is deleted. */
    DELETE
}
