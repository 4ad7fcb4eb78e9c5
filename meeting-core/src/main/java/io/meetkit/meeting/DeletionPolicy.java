package io.meetkit.meeting;

import java.util.Objects;

/**
 * The two halves of a deletion decision: what to do with a live meeting and what to do with recordings.
 *
 * @param withMeeting what to do when the meeting's LiveKit room is live
 * @param withRecordings what to do when the meeting has recordings
 */
public record DeletionPolicy(LiveMeetingPolicy withMeeting, RecordingsPolicy withRecordings) {

    /** OpenVidu Meet's default for auto-deletion: wait for a live meeting to end, close if there are recordings. */
    public static final DeletionPolicy DEFAULT_AUTO_DELETE =
            new DeletionPolicy(LiveMeetingPolicy.WHEN_MEETING_ENDS, RecordingsPolicy.CLOSE);

    /** Refuse when there is anything to lose: OpenVidu Meet's default for an explicit delete. */
    public static final DeletionPolicy FAIL_IF_IN_USE =
            new DeletionPolicy(LiveMeetingPolicy.FAIL, RecordingsPolicy.FAIL);

    /** End a live meeting and delete recordings: nothing is kept. */
    public static final DeletionPolicy FORCE = new DeletionPolicy(LiveMeetingPolicy.FORCE, RecordingsPolicy.FORCE);

    /** Validates the components. */
    public DeletionPolicy {
        Objects.requireNonNull(withMeeting, "withMeeting");
        Objects.requireNonNull(withRecordings, "withRecordings");
    }
}
