package io.meetkit.internal.participant;

import io.meetkit.livekit.RoomSpec;
import io.meetkit.meeting.Meeting;
import io.meetkit.participant.ParticipantTokens;

/**
 * The LiveKit room a meeting asks for, from its settings: the one source of a token's {@code roomConfig} claim and of
 * MeetKit's own CreateRoom, so that a room is the same whoever creates it. Stateless. Not API.
 */
final class RoomConfig {

    private RoomConfig() {}

    /** The room of this meeting as its settings are now. */
    static RoomSpec of(Meeting meeting) {
        return new RoomSpec(
                meeting.roomName(),
                meeting.settings().emptyTimeout(),
                ParticipantTokens.ROOM_DEPARTURE_TIMEOUT,
                meeting.settings().maxParticipants(),
                metadata(meeting));
    }

    /** The room metadata that marks a room as this meeting's. */
    static String metadata(Meeting meeting) {
        return "{\"meetkitMeetingId\":\"" + meeting.id() + "\"}";
    }
}
