package io.meetkit.livekit;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What {@link LiveKitWebhooks#handle(byte[], String)} did with an authentic webhook. Every outcome should be
 * answered with HTTP 200, so that LiveKit does not retry.
 *
 * @param status what happened
 * @param event LiveKit's event name, for example {@code room_started}
 * @param eventId LiveKit's event id (empty for a sender that sets none)
 * @param meetingId the meeting the event belongs to, when it is one of MeetKit's
 */
public record WebhookOutcome(
        Status status,
        String event,
        String eventId,
        @Nullable UUID meetingId) {

    /** What happened to an authentic webhook. */
    public enum Status {
        /** The event was applied (a stale or repeated transition may have changed nothing, by design). */
        PROCESSED,
        /** The same event id was handled before; nothing was done. */
        DUPLICATE,
        /** The room is not one of MeetKit's meetings; nothing was done. */
        NOT_OURS,
        /** An event MeetKit does not act on (tracks, ingress, agents, unknown names, egress without a recordings
         * component, egress participants); nothing was done. */
        IGNORED
    }

    /** Validates the components. */
    public WebhookOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(eventId, "eventId");
    }

    /** The meeting the event belongs to, when it is one of MeetKit's. */
    public Optional<UUID> meeting() {
        return Optional.ofNullable(meetingId);
    }
}
