package io.meetkit.event;

import io.meetkit.meeting.Meeting;
import io.meetkit.recording.Recording;
import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to a meeting, told to the application after the state change is stored: register a
 * {@link MeetingEventListener} on {@code MeetKit.builder().listener(...)}, read the durable changes feed
 * ({@link EventFeed}), or let the {@link EventRelay} post it to your endpoints.
 */
public sealed interface MeetingEvent {

    /** Every {@link #type()} MeetKit publishes, in no particular order. */
    java.util.Set<String> TYPES = java.util.Set.of(
            "meetingStarted",
            "meetingEnded",
            "participantJoined",
            "participantLeft",
            "recordingStarted",
            "recordingUpdated",
            "recordingEnded");

    /** The event name on the wire: {@code meetingStarted}, {@code participantJoined}, {@code recordingEnded}, … */
    String type();

    /** When it happened (LiveKit's event time when it came from a webhook). */
    Instant occurredAt();

    /** The meeting it belongs to (a recording's meeting for recording events). */
    default java.util.UUID meetingId() {
        if (this instanceof MeetingStarted e) {
            return e.meeting().id();
        }
        if (this instanceof MeetingEnded e) {
            return e.meeting().id();
        }
        if (this instanceof ParticipantJoined e) {
            return e.meeting().id();
        }
        if (this instanceof ParticipantLeft e) {
            return e.meeting().id();
        }
        if (this instanceof RecordingStarted e) {
            return e.recording().meetingId();
        }
        if (this instanceof RecordingUpdated e) {
            return e.recording().meetingId();
        }
        return ((RecordingEnded) this).recording().meetingId();
    }

    /**
     * A live meeting started: LiveKit created the room session.
     *
     * @param meeting the meeting after the change (ACTIVE)
     * @param occurredAt when
     */
    record MeetingStarted(Meeting meeting, Instant occurredAt) implements MeetingEvent {
        /** Validates the components. */
        public MeetingStarted {
            Objects.requireNonNull(meeting, "meeting");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }

        @Override
        public String type() {
            return "meetingStarted";
        }
    }

    /**
     * A live meeting ended and the end action applied.
     *
     * @param meeting the meeting after its end action (OPEN or CLOSED), or as it was before it was deleted
     * @param deleted whether the end action deleted the meeting
     * @param occurredAt when
     */
    record MeetingEnded(Meeting meeting, boolean deleted, Instant occurredAt) implements MeetingEvent {
        /** Validates the components. */
        public MeetingEnded {
            Objects.requireNonNull(meeting, "meeting");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }

        @Override
        public String type() {
            return "meetingEnded";
        }
    }

    /**
     * A participant connected to the live meeting.
     *
     * @param meeting the meeting
     * @param identity the participant identity
     * @param name the display name
     * @param occurredAt when
     */
    record ParticipantJoined(Meeting meeting, String identity, String name, Instant occurredAt)
            implements MeetingEvent {
        /** Validates the components. */
        public ParticipantJoined {
            Objects.requireNonNull(meeting, "meeting");
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }

        @Override
        public String type() {
            return "participantJoined";
        }
    }

    /**
     * A participant left the live meeting (or its connection was lost); its display name is free again.
     *
     * @param meeting the meeting
     * @param identity the participant identity
     * @param name the display name
     * @param occurredAt when
     */
    record ParticipantLeft(Meeting meeting, String identity, String name, Instant occurredAt) implements MeetingEvent {
        /** Validates the components. */
        public ParticipantLeft {
            Objects.requireNonNull(meeting, "meeting");
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }

        @Override
        public String type() {
            return "participantLeft";
        }
    }

    /**
     * A recording became ACTIVE.
     *
     * @param recording the recording after the change
     * @param occurredAt when
     */
    record RecordingStarted(Recording recording, Instant occurredAt) implements MeetingEvent {
        /** Validates the components. */
        public RecordingStarted {
            Objects.requireNonNull(recording, "recording");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }

        @Override
        public String type() {
            return "recordingStarted";
        }
    }

    /**
     * A recording changed while unfinished (for example ACTIVE to ENDING).
     *
     * @param recording the recording after the change
     * @param occurredAt when
     */
    record RecordingUpdated(Recording recording, Instant occurredAt) implements MeetingEvent {
        /** Validates the components. */
        public RecordingUpdated {
            Objects.requireNonNull(recording, "recording");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }

        @Override
        public String type() {
            return "recordingUpdated";
        }
    }

    /**
     * A recording finished: COMPLETE, FAILED, ABORTED or LIMIT_REACHED.
     *
     * @param recording the recording after the change
     * @param occurredAt when
     */
    record RecordingEnded(Recording recording, Instant occurredAt) implements MeetingEvent {
        /** Validates the components. */
        public RecordingEnded {
            Objects.requireNonNull(recording, "recording");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }

        @Override
        public String type() {
            return "recordingEnded";
        }
    }
}
