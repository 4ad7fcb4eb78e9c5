package io.meetkit.meeting;

/** What deleting a meeting does when it has a live LiveKit room (OpenVidu Meet's {@code withMeeting}). */
public enum LiveMeetingPolicy {
    /** End the live room now, then delete (or close). */
    FORCE,
    /** Let the live meeting go on; delete (or close) when it ends. */
    WHEN_MEETING_ENDS,
    /** Refuse with {@code meeting_has_active_meeting}. */
    FAIL
}
