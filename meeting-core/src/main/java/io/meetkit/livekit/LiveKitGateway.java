package io.meetkit.livekit;

import io.meetkit.LiveKitMisconfiguredException;
import io.meetkit.LiveKitUnavailableException;
import io.meetkit.NotFoundException;
import io.meetkit.meeting.LiveParticipant;
import io.meetkit.meeting.LiveTrack;
import io.meetkit.meeting.ParticipantUpdate;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The LiveKit calls MeetKit needs, in MeetKit's own types: the one seam between MeetKit and LiveKit's SDK, so that
 * no LiveKit, protobuf, Retrofit or OkHttp type reaches a public signature. {@link LiveKitServerGateway} implements
 * it over {@code io.livekit:livekit-server}; tests may implement it too.
 *
 * <p>Implementations are thread-safe and put a timeout on every call. Every method throws
 * {@link LiveKitUnavailableException} (retryable) for I/O errors, timeouts and LiveKit's 5xx/unavailable answers,
 * {@link LiveKitMisconfiguredException} for refused credentials, {@link NotFoundException} for LiveKit's
 * {@code not_found}, and the other {@link io.meetkit.MeetingException} subclasses as the architecture's Twirp
 * mapping says.
 */
public interface LiveKitGateway {

    /** Creates the room, or returns it if it exists (LiveKit's CreateRoom is idempotent). */
    LiveRoom createRoom(RoomSpec spec);

    /** Lists the rooms with these names that exist now; an empty collection lists all rooms. */
    List<LiveRoom> listRooms(Collection<String> names);

    /**
     * Deletes the room, disconnecting everyone.
     *
     * @throws NotFoundException if the room does not exist
     */
    void deleteRoom(String room);

    /**
     * Lists the participants of a room.
     *
     * @throws NotFoundException if the room does not exist
     */
    List<LiveParticipant> listParticipants(String room);

    /**
     * Returns one participant.
     *
     * @throws NotFoundException if the room or the participant does not exist
     */
    LiveParticipant getParticipant(String room, String identity);

    /**
     * Disconnects a participant.
     *
     * @throws NotFoundException if the room or the participant does not exist
     */
    void removeParticipant(String room, String identity);

    /**
     * Changes a participant's metadata, name, permissions or attributes, live.
     *
     * @throws NotFoundException if the room or the participant does not exist
     */
    LiveParticipant updateParticipant(String room, String identity, ParticipantUpdate update);

    /**
     * Mutes or unmutes a published track. LiveKit routes the request to the participant's node, so an unknown room
     * or participant is not answered at all: {@link LiveKitUnavailableException} after LiveKit's RPC timeout.
     *
     * @throws NotFoundException if the participant does not publish that track (LiveKit answers without a track)
     * @throws io.meetkit.ConflictException ({@code livekit_conflict}) for an unmute while LiveKit's
     *     {@code room.enable_remote_unmute} is off (its default)
     */
    LiveTrack mutePublishedTrack(String room, String identity, String trackSid, boolean muted);

    /**
     * Sends a reliable data message to some or all participants of a room.
     *
     * @param destinationIdentities the receivers; empty for everyone
     * @param topic the message topic, or {@code null}
     */
    void sendData(String room, byte[] payload, Collection<String> destinationIdentities, @Nullable String topic);

    /**
     * Starts recording a room into one MP4 file ({@code StartRoomCompositeEgress}; needs the {@code roomRecord}
     * grant).
     *
     * @return the egress as LiveKit answered (usually STARTING)
     * @throws NotFoundException if the room does not exist
     */
    EgressSnapshot startRoomCompositeEgress(RoomCompositeRequest request);

    /**
     * Stops an egress ({@code StopEgress}).
     *
     * @return the egress as LiveKit answered (ENDING, or ABORTED when it had not started)
     * @throws NotFoundException if LiveKit does not know the egress
     * @throws io.meetkit.ConflictException ({@code livekit_conflict}) if it is not in a state that can be stopped
     */
    EgressSnapshot stopEgress(String egressId);

    /**
     * Lists egresses ({@code ListEgress}).
     *
     * @param roomName only this room's, or {@code null}
     * @param egressId only this one, or {@code null}
     * @param activeOnly only those that have not ended
     */
    List<EgressSnapshot> listEgress(@Nullable String roomName, @Nullable String egressId, boolean activeOnly);
}
