package io.meetkit.meeting;

/** What a delete call did, instead of a bare boolean. */
public enum DeletionOutcome {
    /** The meeting is gone. */
    DELETED("meeting_deleted"),
    /** The meeting was kept (it has recordings) and is now CLOSED. */
    CLOSED("meeting_closed"),
    /** The meeting is live; it will be deleted when the live meeting ends. */
    SCHEDULED_TO_BE_DELETED("meeting_scheduled_to_be_deleted"),
    /** The meeting is live and has recordings; it will be closed when the live meeting ends. */
    SCHEDULED_TO_BE_CLOSED("meeting_scheduled_to_be_closed");

    private final String code;

    DeletionOutcome(String code) {
        this.code = code;
    }

    /** Returns the stable code of this outcome, for example {@code meeting_deleted}. */
    public String code() {
        return code;
    }

    /** Returns {@code true} when the work happens later, when the live meeting ends (HTTP 202 in the starter). */
    public boolean scheduled() {
        return this == SCHEDULED_TO_BE_DELETED || this == SCHEDULED_TO_BE_CLOSED;
    }
}
