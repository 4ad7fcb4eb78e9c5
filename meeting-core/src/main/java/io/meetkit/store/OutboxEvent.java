package io.meetkit.store;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An event stored in the {@link EventOutbox}.
 *
 * @param position its place in the outbox's one order (the changes feed), increasing, starting at 1; a position may
 *     be missing (an append rolled back), never reused
 * @param id the event's stable unique id
 * @param meetingId the meeting
 * @param sequence its number among the meeting's events: 1, 2, 3, … without gaps, in the order they were appended
 * @param type the event type, for example {@code meetingStarted}
 * @param occurredAt when it happened
 * @param appendedAt when it was appended
 * @param data the event's data, a JSON object
 */
public record OutboxEvent(
        long position,
        UUID id,
        UUID meetingId,
        long sequence,
        String type,
        Instant occurredAt,
        Instant appendedAt,
        String data) {

    /** Validates the components. */
    public OutboxEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(appendedAt, "appendedAt");
        Objects.requireNonNull(data, "data");
        if (position < 1 || sequence < 1) {
            throw new IllegalArgumentException("position and sequence start at 1: " + position + ", " + sequence);
        }
    }
}
