package io.meetkit.store;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An event to append to the {@link EventOutbox}: the store adds its position, its per-meeting sequence and the
 * append time.
 *
 * @param id the event's stable unique id (receivers dedupe on it)
 * @param meetingId the meeting the event belongs to; events of one meeting are delivered in order
 * @param type the event type, for example {@code meetingStarted}; 1 to {@value OutboxLimits#TYPE_MAX} characters
 * @param occurredAt when it happened
 * @param data the event's data as a JSON object, at most {@value OutboxLimits#DATA_MAX} characters
 */
public record NewOutboxEvent(UUID id, UUID meetingId, String type, Instant occurredAt, String data) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the type is blank or too long, or the data too long or not a JSON object
     */
    public NewOutboxEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(data, "data");
        if (type.isBlank() || type.length() > OutboxLimits.TYPE_MAX) {
            throw new IllegalArgumentException(
                    "type must be 1 to " + OutboxLimits.TYPE_MAX + " characters: " + type.length());
        }
        if (data.length() > OutboxLimits.DATA_MAX) {
            throw new IllegalArgumentException(
                    "data must be at most " + OutboxLimits.DATA_MAX + " characters: " + data.length());
        }
        if (!data.startsWith("{") || !data.endsWith("}")) {
            throw new IllegalArgumentException("data must be a JSON object");
        }
    }
}
