package io.meetkit.livekit;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@link LiveKitGateway#createRoom(RoomSpec)} asks LiveKit for: the fields of LiveKit's
 * {@code CreateRoomRequest} that MeetKit sets, the same ones a participant token's {@code roomConfig} claim carries.
 *
 * @param name the room name
 * @param emptyTimeout how long the room lives when nobody joined it (whole seconds are sent)
 * @param departureTimeout how long the room lives after its last participant left (whole seconds are sent;
 *     {@link Duration#ZERO} for the server's default)
 * @param maxParticipants the participant limit, 0 for none
 * @param metadata room metadata (MeetKit writes a small JSON that marks the room as its own)
 */
public record RoomSpec(
        String name, Duration emptyTimeout, Duration departureTimeout, int maxParticipants, String metadata) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if a timeout is negative or {@code maxParticipants} is negative
     */
    public RoomSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(emptyTimeout, "emptyTimeout");
        Objects.requireNonNull(departureTimeout, "departureTimeout");
        Objects.requireNonNull(metadata, "metadata");
        if (emptyTimeout.isNegative()) {
            throw new IllegalArgumentException("emptyTimeout must not be negative: " + emptyTimeout);
        }
        if (departureTimeout.isNegative()) {
            throw new IllegalArgumentException("departureTimeout must not be negative: " + departureTimeout);
        }
        if (maxParticipants < 0) {
            throw new IllegalArgumentException("maxParticipants must not be negative: " + maxParticipants);
        }
    }

    /**
     * A room with the server's default departure timeout (the components before it had one).
     *
     * @param name the room name
     * @param emptyTimeout how long the room lives when nobody joined it
     * @param maxParticipants the participant limit, 0 for none
     * @param metadata room metadata
     */
    public RoomSpec(String name, Duration emptyTimeout, int maxParticipants, String metadata) {
        this(name, emptyTimeout, Duration.ZERO, maxParticipants, metadata);
    }
}
