package io.meetkit.livekit;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@link LiveKitGateway#createRoom(RoomSpec)} asks LiveKit for.
 *
 * @param name the room name
 * @param emptyTimeout how long the room lives when empty
 * @param maxParticipants the participant limit, 0 for none
 * @param metadata room metadata (MeetKit writes a small JSON that marks the room as its own)
 */
public record RoomSpec(String name, Duration emptyTimeout, int maxParticipants, String metadata) {
    /** Validates the components. */
    public RoomSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(emptyTimeout, "emptyTimeout");
        Objects.requireNonNull(metadata, "metadata");
        if (maxParticipants < 0) {
            throw new IllegalArgumentException("maxParticipants must not be negative: " + maxParticipants);
        }
    }
}
