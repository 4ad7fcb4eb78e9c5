package io.meetkit.internal.meeting;

import io.meetkit.ConflictException;
import io.meetkit.NotFoundException;
import io.meetkit.meeting.Meeting;
import io.meetkit.store.MeetingStore;
import java.util.Objects;
import java.util.UUID;

/** The meetings component's errors, each worded once. Stateless. Not API. */
final class MeetingErrors {

    private MeetingErrors() {}

    /** Returns the meeting, or throws {@code meeting_not_found}. */
    static Meeting require(MeetingStore store, UUID id) {
        return store.findById(Objects.requireNonNull(id, "id")).orElseThrow(() -> notFound(id));
    }

    static NotFoundException notFound(UUID id) {
        return new NotFoundException(NotFoundException.MEETING_NOT_FOUND, "meeting not found: " + id);
    }

    static NotFoundException participantNotFound(Meeting m, String identity) {
        return new NotFoundException(
                NotFoundException.PARTICIPANT_NOT_FOUND,
                "participant '" + identity + "' is not in the live meeting " + m.id());
    }

    static ConflictException stale(UUID id, long expected, long actual) {
        return new ConflictException(
                ConflictException.STALE_VERSION,
                "meeting " + id + " is at version " + actual + ", not " + expected + ": read it again");
    }
}
