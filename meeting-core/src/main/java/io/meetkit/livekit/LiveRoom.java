package io.meetkit.livekit;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A LiveKit room as MeetKit reports it.
 *
 * @param sid the room session id ({@code RM_…}); a new one each time the room is created
 * @param name the room name (a meeting's {@code roomName})
 * @param numParticipants how many participants are connected
 * @param maxParticipants the participant limit, 0 for none
 * @param emptyTimeout how long the room lives when empty
 * @param createdAt when this session of the room was created
 * @param metadata the room metadata
 */
public record LiveRoom(
        String sid,
        String name,
        int numParticipants,
        int maxParticipants,
        Duration emptyTimeout,
        Instant createdAt,
        String metadata) {

    /** Validates the components. */
    public LiveRoom {
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(emptyTimeout, "emptyTimeout");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(metadata, "metadata");
    }
}
