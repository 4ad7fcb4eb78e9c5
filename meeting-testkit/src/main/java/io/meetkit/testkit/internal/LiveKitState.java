package io.meetkit.testkit.internal;

import io.meetkit.testkit.FakeParticipant;
import io.meetkit.testkit.FakeTrack;
import io.meetkit.testkit.SentData;
import io.meetkit.testkit.TwirpCode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressSourceType;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitEgress.EncodedFileType;
import livekit.LivekitEgress.FileInfo;
import livekit.LivekitEgress.RoomCompositeEgressRequest;
import livekit.LivekitModels.Codec;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.ParticipantPermission;
import livekit.LivekitModels.Room;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitRoom.CreateRoomRequest;
import livekit.LivekitRoom.SendDataRequest;
import livekit.LivekitRoom.UpdateParticipantRequest;
import livekit.LivekitWebhook.WebhookEvent;
import org.jspecify.annotations.Nullable;

/**
 * The fake's rooms, participants, data messages and egresses, behind one lock. Every mutating method appends the
 * webhook events it causes to the {@code events} list it is given; the caller publishes them after the lock is
 * released, so that webhook sinks never run under the lock.
 *
 * <p>Thread-safe: every method synchronizes on this object.
 */
public final class LiveKitState {

    /** LiveKit's default {@code empty_timeout} (seconds) when CreateRoom leaves it 0. */
    static final int DEFAULT_EMPTY_TIMEOUT = 300;
    /** LiveKit's default {@code departure_timeout} (seconds) when CreateRoom leaves it 0. */
    static final int DEFAULT_DEPARTURE_TIMEOUT = 20;

    /**
     * LiveKit's default {@code room.enabled_codecs} ({@code pkg/config/config.go} {@code DefaultConfig}), copied into
     * every new room ({@code pkg/service/roomallocator.go} {@code applyDefaultRoomConfig}).
     */
    static final List<String> ENABLED_CODECS = List.of(
            "audio/PCMU",
            "audio/PCMA",
            "audio/opus",
            "audio/red",
            "video/VP8",
            "video/H264",
            "video/VP9",
            "video/AV1",
            "video/H265",
            "video/rtx");

    private static final DateTimeFormatter EGRESS_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmmss").withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final Map<String, RoomEntry> rooms = new LinkedHashMap<>();
    private final Map<String, EgressEntry> egresses = new LinkedHashMap<>();
    private final List<SentData> sentData = new ArrayList<>();
    private boolean finishRoomWhenEmpty;
    private boolean remoteUnmute;

    private static final class RoomEntry {
        final Room.Builder room;
        final Map<String, ParticipantInfo.Builder> participants = new LinkedHashMap<>();

        RoomEntry(Room.Builder room) {
            this.room = room;
        }
    }

    /** What the simulator needs to finish an egress: where to write. */
    public record UploadTarget(String egressId, EncodedFileOutput output, String key, long startedAtNanos) {}

    private static final class EgressEntry {
        final EgressInfo.Builder info;
        final EncodedFileOutput output;
        final String key;

        EgressEntry(EgressInfo.Builder info, EncodedFileOutput output, String key) {
            this.info = info;
            this.output = output;
            this.key = key;
        }
    }

    /**
     * Creates an empty state.
     *
     * @param clock the clock for creation and join times and webhook {@code created_at}
     */
    public LiveKitState(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    // ---------------------------------------------------------------- settings and reset

    /**
     * Sets whether a room finishes ({@code room_finished}) as soon as its last participant leaves.
     *
     * @param finish true to finish empty rooms at once
     */
    public synchronized void finishRoomWhenEmpty(boolean finish) {
        this.finishRoomWhenEmpty = finish;
    }

    /**
     * Sets LiveKit's {@code room.enable_remote_unmute} (off by default in LiveKit).
     *
     * @param enabled whether MutePublishedTrack may unmute
     */
    public synchronized void remoteUnmute(boolean enabled) {
        this.remoteUnmute = enabled;
    }

    /** @return whether MutePublishedTrack may unmute */
    public synchronized boolean remoteUnmute() {
        return remoteUnmute;
    }

    /** Forgets every room, participant, data message and egress, and restores the default settings. */
    public synchronized void reset() {
        rooms.clear();
        egresses.clear();
        sentData.clear();
        finishRoomWhenEmpty = false;
    }

    // ---------------------------------------------------------------- rooms

    /**
     * CreateRoom: creates the room ({@code room_started}) or returns the existing one unchanged.
     *
     * @param req    the request
     * @param events receives the events caused
     * @return the room
     * @throws TwirpException invalid_argument when the name is empty
     */
    public synchronized Room createRoom(CreateRoomRequest req, List<WebhookEvent> events) {
        if (req.getName().isEmpty()) {
            throw new TwirpException(TwirpCode.INVALID_ARGUMENT, "no room name");
        }
        RoomEntry existing = rooms.get(req.getName());
        if (existing != null) {
            return snapshot(existing);
        }
        RoomEntry entry = newRoom(
                req.getName(),
                req.getEmptyTimeout(),
                req.getDepartureTimeout(),
                req.getMaxParticipants(),
                req.getMetadata());
        events.add(event("room_started", snapshot(entry), null, null));
        return snapshot(entry);
    }

    private RoomEntry newRoom(
            String name, int emptyTimeout, int departureTimeout, int maxParticipants, String metadata) {
        Instant now = clock.instant();
        Room.Builder room = Room.newBuilder()
                .setSid(Ids.next("RM_"))
                .setName(name)
                .setEmptyTimeout(emptyTimeout == 0 ? DEFAULT_EMPTY_TIMEOUT : emptyTimeout)
                .setDepartureTimeout(departureTimeout == 0 ? DEFAULT_DEPARTURE_TIMEOUT : departureTimeout)
                .setMaxParticipants(maxParticipants)
                .setMetadata(metadata)
                .setCreationTime(now.getEpochSecond())
                .setCreationTimeMs(now.toEpochMilli());
        for (String mime : ENABLED_CODECS) {
            room.addEnabledCodecs(Codec.newBuilder().setMime(mime));
        }
        RoomEntry entry = new RoomEntry(room);
        rooms.put(name, entry);
        return entry;
    }

    /**
     * ListRooms.
     *
     * @param names the names to keep, or empty for all
     * @return the rooms in creation order
     */
    public synchronized List<Room> listRooms(List<String> names) {
        List<Room> out = new ArrayList<>();
        for (RoomEntry e : rooms.values()) {
            if (names.isEmpty() || names.contains(e.room.getName())) {
                out.add(snapshot(e));
            }
        }
        return out;
    }

    /**
     * One room.
     *
     * @param name the room name
     * @return the room, if it exists
     */
    public synchronized Optional<Room> room(String name) {
        RoomEntry e = rooms.get(name);
        return e == null ? Optional.empty() : Optional.of(snapshot(e));
    }

    /**
     * Closes a room the way LiveKit does on DeleteRoom: every participant leaves ({@code participant_left} with
     * reason ROOM_DELETED), then {@code room_finished}.
     *
     * @param name   the room
     * @param events receives the events caused
     * @return the ids of the room's egresses that are still running (the caller ends them)
     * @throws TwirpException not_found if there is no such room
     */
    public synchronized List<String> deleteRoom(String name, List<WebhookEvent> events) {
        RoomEntry entry = rooms.get(name);
        if (entry == null) {
            throw TwirpException.roomNotFound();
        }
        closeRoom(entry, DisconnectReason.ROOM_DELETED, events);
        return runningEgresses(name);
    }

    private void closeRoom(RoomEntry entry, DisconnectReason reason, List<WebhookEvent> events) {
        for (String identity : List.copyOf(entry.participants.keySet())) {
            ParticipantInfo.Builder p = entry.participants.remove(identity);
            events.add(event("participant_left", snapshot(entry), disconnected(p, reason), null));
        }
        rooms.remove(entry.room.getName());
        events.add(event("room_finished", snapshot(entry), null, null));
    }

    /**
     * Removes a room without any webhook, as if LiveKit lost it (a restart, an empty timeout whose webhook got lost).
     *
     * @param name the room
     * @return whether the room existed
     */
    public synchronized boolean removeRoomSilently(String name) {
        return rooms.remove(name) != null;
    }

    /**
     * UpdateRoomMetadata.
     *
     * @param name     the room
     * @param metadata the new metadata
     * @return the updated room
     * @throws TwirpException not_found if there is no such room
     */
    public synchronized Room updateRoomMetadata(String name, String metadata) {
        RoomEntry entry = requireRoom(name);
        entry.room.setMetadata(metadata);
        return snapshot(entry);
    }

    // ---------------------------------------------------------------- participants

    /**
     * A participant joins, after the checks of LiveKit's join path ({@code pkg/service/utils.go}
     * {@code ValidateConnectRequest}, {@code roomallocator.go} {@code ValidateCreateRoom} and {@code CreateRoom},
     * {@code pkg/rtc/room.go} {@code Join}): a missing room is created from {@code createRoom} (the token's
     * {@code roomConfig}; {@code room_started}) when auto-create is on or the token may create rooms, else the join
     * is refused with 404; a live room is used as it is (a later joiner's {@code roomConfig} changes nothing);
     * {@code max_participants} counts only participants that are not EGRESS or AGENT (nor recorders), and a full room
     * refuses the join. An existing participant with the same identity is replaced ({@code participant_left},
     * DUPLICATE_IDENTITY), then {@code participant_joined}.
     *
     * @param createRoom  the room to create if missing: its name, and the timeouts, limit and metadata of the token's
     *                    {@code roomConfig} (0 / empty for the server's defaults)
     * @param mayCreate   whether a missing room may be created (auto-create on, or a {@code roomCreate} grant)
     * @param participant who joins
     * @param events      receives the events caused
     * @return the participant as LiveKit reports it
     * @throws JoinRefused 404 if the room is missing and may not be created, 500 if the room is full
     */
    public synchronized ParticipantInfo join(
            CreateRoomRequest createRoom, boolean mayCreate, FakeParticipant participant, List<WebhookEvent> events) {
        String roomName = createRoom.getName();
        RoomEntry entry = rooms.get(roomName);
        if (entry == null && !mayCreate) {
            throw new JoinRefused(404, "requested room does not exist");
        }
        ParticipantPermission permission = participant.permission() != null
                ? participant.permission()
                : ParticipantPermission.newBuilder()
                        .setCanSubscribe(true)
                        .setCanPublish(true)
                        .setCanPublishData(true)
                        .build();
        boolean dependent = isDependent(participant.kind(), permission);
        ParticipantInfo.Builder old = entry == null ? null : entry.participants.get(participant.identity());
        if (entry != null && old == null) {
            int max = entry.room.getMaxParticipants();
            if (max > 0 && !dependent && countIndependent(entry) >= max) {
                throw new JoinRefused(500, "room has exceeded its max participants");
            }
        }
        if (entry == null) {
            entry = newRoom(
                    roomName,
                    createRoom.getEmptyTimeout(),
                    createRoom.getDepartureTimeout(),
                    createRoom.getMaxParticipants(),
                    createRoom.getMetadata());
            events.add(event("room_started", snapshot(entry), null, null));
        }
        if (old != null) {
            entry.participants.remove(participant.identity());
            events.add(event(
                    "participant_left", snapshot(entry), disconnected(old, DisconnectReason.DUPLICATE_IDENTITY), null));
        }
        Instant now = clock.instant();
        ParticipantInfo.Builder p = ParticipantInfo.newBuilder()
                .setSid(Ids.next("PA_"))
                .setIdentity(participant.identity())
                .setName(participant.name())
                .setMetadata(participant.metadata())
                .putAllAttributes(participant.attributes())
                .setPermission(permission)
                .setKind(participant.kind())
                .setState(ParticipantInfo.State.ACTIVE)
                .setJoinedAt(now.getEpochSecond())
                .setJoinedAtMs(now.toEpochMilli())
                .setVersion(1);
        for (FakeTrack t : participant.tracks()) {
            if (canPublishSource(permission, t.source())) {
                p.addTracks(track(t));
            }
        }
        p.setIsPublisher(p.getTracksCount() > 0);
        entry.participants.put(participant.identity(), p);
        events.add(event("participant_joined", snapshot(entry), p.build(), null));
        return p.build();
    }

    /** A refused join: the HTTP status and message LiveKit's join path answers with. */
    public static final class JoinRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        /**
         * Creates the refusal.
         *
         * @param status  the HTTP status
         * @param message LiveKit's message
         */
        public JoinRefused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        /** @return the HTTP status */
        public int status() {
            return status;
        }
    }

    /**
     * Whether a participant does not count as a member of the room: kind EGRESS or AGENT, or a recorder/agent grant
     * ({@code pkg/rtc/participant.go} {@code IsDependent}). Such participants are not counted in
     * {@code num_participants} or against {@code max_participants}, and do not keep a room open.
     */
    @SuppressWarnings("deprecation") // ParticipantPermission.agent is deprecated but still read by IsDependent
    static boolean isDependent(ParticipantInfo.Kind kind, ParticipantPermission permission) {
        return kind == ParticipantInfo.Kind.EGRESS
                || kind == ParticipantInfo.Kind.AGENT
                || permission.getRecorder()
                || permission.getAgent();
    }

    private static boolean isDependent(ParticipantInfo.Builder p) {
        return isDependent(p.getKind(), p.getPermission());
    }

    private static int countIndependent(RoomEntry entry) {
        int n = 0;
        for (ParticipantInfo.Builder p : entry.participants.values()) {
            if (!isDependent(p)) {
                n++;
            }
        }
        return n;
    }

    private static TrackInfo.Builder track(FakeTrack t) {
        return TrackInfo.newBuilder()
                .setSid(Ids.next("TR_"))
                .setType(t.type())
                .setSource(t.source())
                .setName(t.name())
                .setMuted(t.muted());
    }

    /**
     * A participant publishes a track ({@code track_published}), as a client's AddTrack does.
     *
     * @param roomName the room
     * @param identity the participant
     * @param track    the track
     * @param events   receives the events caused
     * @return the track with its new {@code TR_} sid, or null if the participant is not there
     */
    public synchronized @Nullable TrackInfo publish(
            String roomName, String identity, FakeTrack track, List<WebhookEvent> events) {
        RoomEntry entry = rooms.get(roomName);
        ParticipantInfo.Builder p = entry == null ? null : entry.participants.get(identity);
        if (p == null) {
            return null;
        }
        if (!canPublishSource(p.getPermission(), track.source())) {
            return null;
        }
        TrackInfo t = track(track).build();
        p.addTracks(t).setIsPublisher(true).setVersion(p.getVersion() + 1);
        events.add(event("track_published", snapshot(entry), p.build(), null, t));
        return t;
    }

    /**
     * LiveKit's {@code pkg/rtc/participant.go} {@code CanPublishSource}: {@code canPublish}, and the source among
     * {@code canPublishSources} unless that list is empty (every source). LiveKit ignores an AddTrack it refuses.
     */
    private static boolean canPublishSource(ParticipantPermission permission, TrackSource source) {
        return permission.getCanPublish()
                && (permission.getCanPublishSourcesCount() == 0
                        || permission.getCanPublishSourcesList().contains(source));
    }

    /**
     * A participant stops publishing a track ({@code track_unpublished}).
     *
     * @param roomName the room
     * @param identity the participant
     * @param trackSid the track
     * @param events   receives the events caused
     * @return the track as it was, or null if the participant or the track is not there
     */
    public synchronized @Nullable TrackInfo unpublish(
            String roomName, String identity, String trackSid, List<WebhookEvent> events) {
        RoomEntry entry = rooms.get(roomName);
        ParticipantInfo.Builder p = entry == null ? null : entry.participants.get(identity);
        if (p == null) {
            return null;
        }
        for (int i = 0; i < p.getTracksCount(); i++) {
            TrackInfo t = p.getTracks(i);
            if (t.getSid().equals(trackSid)) {
                p.removeTracks(i).setVersion(p.getVersion() + 1);
                events.add(event("track_unpublished", snapshot(entry), p.build(), null, t));
                return t;
            }
        }
        return null;
    }

    /**
     * A participant leaves (test API), {@code participant_left} with CLIENT_INITIATED; the room finishes if it is
     * now empty and {@link #finishRoomWhenEmpty(boolean)} is on.
     *
     * @param roomName the room
     * @param identity the participant
     * @param events   receives the events caused
     * @return the room's running egress ids if the room finished (the caller ends them), else empty; null if the
     *         participant was not there
     */
    public synchronized @Nullable List<String> leave(String roomName, String identity, List<WebhookEvent> events) {
        RoomEntry entry = rooms.get(roomName);
        if (entry == null || !entry.participants.containsKey(identity)) {
            return null;
        }
        return removeParticipant(entry, identity, DisconnectReason.CLIENT_INITIATED, events);
    }

    private List<String> removeParticipant(
            RoomEntry entry, String identity, DisconnectReason reason, List<WebhookEvent> events) {
        ParticipantInfo.Builder p = entry.participants.remove(identity);
        events.add(event("participant_left", snapshot(entry), disconnected(p, reason), null));
        if (finishRoomWhenEmpty && countIndependent(entry) == 0) {
            closeRoom(entry, DisconnectReason.ROOM_CLOSED, events);
            return runningEgresses(entry.room.getName());
        }
        return List.of();
    }

    /**
     * Finishes a room (test API): like DeleteRoom, but with reason ROOM_CLOSED, as when the empty timeout fires.
     *
     * @param name   the room
     * @param events receives the events caused
     * @return the room's running egress ids (the caller ends them), or null if there was no such room
     */
    public synchronized @Nullable List<String> finishRoom(String name, List<WebhookEvent> events) {
        RoomEntry entry = rooms.get(name);
        if (entry == null) {
            return null;
        }
        closeRoom(entry, DisconnectReason.ROOM_CLOSED, events);
        return runningEgresses(name);
    }

    /**
     * ListParticipants; like LiveKit, an unknown room has no participants (not an error).
     *
     * @param roomName the room
     * @return the participants in join order
     */
    public synchronized List<ParticipantInfo> listParticipants(String roomName) {
        RoomEntry entry = rooms.get(roomName);
        if (entry == null) {
            return List.of();
        }
        List<ParticipantInfo> out = new ArrayList<>();
        for (ParticipantInfo.Builder p : entry.participants.values()) {
            out.add(p.build());
        }
        return out;
    }

    /**
     * GetParticipant.
     *
     * @param roomName the room
     * @param identity the participant
     * @return the participant
     * @throws TwirpException not_found if the participant (or room) does not exist
     */
    public synchronized ParticipantInfo getParticipant(String roomName, String identity) {
        return requireParticipant(roomName, identity).build();
    }

    /**
     * One participant (test API).
     *
     * @param roomName the room
     * @param identity the participant
     * @return the participant, if present
     */
    public synchronized Optional<ParticipantInfo> participant(String roomName, String identity) {
        RoomEntry entry = rooms.get(roomName);
        ParticipantInfo.Builder p = entry == null ? null : entry.participants.get(identity);
        return p == null ? Optional.empty() : Optional.of(p.build());
    }

    /**
     * RemoveParticipant: {@code participant_left} with PARTICIPANT_REMOVED.
     *
     * @param roomName the room
     * @param identity the participant
     * @param events   receives the events caused
     * @return running egress ids of the room if it finished as a result
     * @throws TwirpException not_found ("participant does not exist": {@code pkg/service/roomservice.go}
     *                        {@code RemoveParticipant} checks the store first) if absent
     */
    public synchronized List<String> removeParticipant(String roomName, String identity, List<WebhookEvent> events) {
        RoomEntry entry = rooms.get(roomName);
        if (entry == null || !entry.participants.containsKey(identity)) {
            throw TwirpException.participantNotFound();
        }
        return removeParticipant(entry, identity, DisconnectReason.PARTICIPANT_REMOVED, events);
    }

    /**
     * MutePublishedTrack, as LiveKit's {@code pkg/service/roommanager.go} {@code MutePublishedTrack} on the node
     * hosting the participant: the request is routed to the participant, so an unknown room or participant gets no
     * answer (503 unavailable, "no response from servers", after LiveKit's RPC timeout; the fake answers at once);
     * an unmute is refused unless remote unmute is enabled (412 failed_precondition, "remote unmute not enabled");
     * an unknown track sid changes nothing and the answer carries no track.
     *
     * @param roomName     the room
     * @param identity     the participant
     * @param trackSid     the track
     * @param muted        the new muted state
     * @param remoteUnmute whether LiveKit's {@code room.enable_remote_unmute} is on
     * @return the track after the change, or null for an unknown track sid
     * @throws TwirpException unavailable if the participant does not exist; failed_precondition for a refused unmute
     */
    public synchronized @Nullable TrackInfo mute(
            String roomName, String identity, String trackSid, boolean muted, boolean remoteUnmute) {
        ParticipantInfo.Builder p = routeToParticipant(roomName, identity);
        if (!muted && !remoteUnmute) {
            throw new TwirpException(TwirpCode.FAILED_PRECONDITION, "remote unmute not enabled");
        }
        for (TrackInfo.Builder t : p.getTracksBuilderList()) {
            if (t.getSid().equals(trackSid)) {
                t.setMuted(muted);
                p.setVersion(p.getVersion() + 1);
                return t.build();
            }
        }
        return null;
    }

    /**
     * UpdateSubscriptions: routed to the participant like MutePublishedTrack ({@code roomservice.go}
     * {@code UpdateSubscriptions} does not look the participant up first).
     *
     * @param roomName the room
     * @param identity the participant
     * @throws TwirpException unavailable if the participant does not exist
     */
    public synchronized void updateSubscriptions(String roomName, String identity) {
        routeToParticipant(roomName, identity);
    }

    /**
     * UpdateParticipant: non-empty metadata and name replace the old ones, a permission replaces the old one,
     * attributes are merged and an empty value deletes the attribute.
     *
     * @param req the request
     * @return the participant after the change
     * @throws TwirpException not_found if the participant does not exist
     */
    public synchronized ParticipantInfo updateParticipant(UpdateParticipantRequest req) {
        ParticipantInfo.Builder p = requireParticipant(req.getRoom(), req.getIdentity());
        if (!req.getMetadata().isEmpty()) {
            p.setMetadata(req.getMetadata());
        }
        if (!req.getName().isEmpty()) {
            p.setName(req.getName());
        }
        if (req.hasPermission()) {
            p.setPermission(req.getPermission());
        }
        for (Map.Entry<String, String> a : req.getAttributesMap().entrySet()) {
            if (a.getValue().isEmpty()) {
                p.removeAttributes(a.getKey());
            } else {
                p.putAttributes(a.getKey(), a.getValue());
            }
        }
        p.setVersion(p.getVersion() + 1);
        return p.build();
    }

    /**
     * SendData: records the message. LiveKit routes it to the room's node ({@code roomservice.go} {@code SendData}
     * does not look the room up first), so an unknown room gets no answer: 503 unavailable after the RPC timeout
     * (the fake answers at once).
     *
     * @param req the request
     * @throws TwirpException unavailable if the room does not exist; invalid_argument for a bad nonce
     */
    @SuppressWarnings("deprecation") // destination_sids is deprecated but still sent by older clients
    public synchronized void sendData(SendDataRequest req) {
        if (req.getNonce().size() != 0 && req.getNonce().size() != 16) {
            throw new TwirpException(
                    TwirpCode.INVALID_ARGUMENT,
                    "nonce should be 16-bytes or not present, got: "
                            + req.getNonce().size() + " bytes");
        }
        if (!rooms.containsKey(req.getRoom())) {
            throw TwirpException.noResponse();
        }
        sentData.add(new SentData(
                req.getRoom(),
                req.getData().toByteArray(),
                req.getKind(),
                req.getDestinationIdentitiesList(),
                req.getDestinationSidsList(),
                req.getTopic()));
    }

    /** @return the data messages sent so far, oldest first */
    public synchronized List<SentData> sentData() {
        return List.copyOf(sentData);
    }

    // ---------------------------------------------------------------- egress

    /**
     * StartRoomCompositeEgress: a new egress in EGRESS_STARTING ({@code egress_started}).
     *
     * @param req    the request
     * @param events receives the events caused
     * @return the egress
     * @throws TwirpException not_found if the room does not exist; invalid_argument without a file output
     */
    @SuppressWarnings("deprecation") // the Kotlin SDK fills the deprecated `file` as well as file_outputs
    public synchronized EgressInfo startEgress(RoomCompositeEgressRequest req, List<WebhookEvent> events) {
        RoomEntry entry = requireRoom(req.getRoomName());
        EncodedFileOutput output =
                req.hasFile() ? req.getFile() : req.getFileOutputsCount() > 0 ? req.getFileOutputs(0) : null;
        if (output == null) {
            throw new TwirpException(
                    TwirpCode.INVALID_ARGUMENT,
                    "the fake egress supports EncodedFileOutput only (file or file_outputs)");
        }
        Instant now = clock.instant();
        String id = Ids.next("EG_");
        String key = resolveFilepath(output, entry.room.getName(), entry.room.getSid(), now);
        EgressInfo.Builder info = EgressInfo.newBuilder()
                .setEgressId(id)
                .setRoomId(entry.room.getSid())
                .setRoomName(entry.room.getName())
                .setSourceType(EgressSourceType.EGRESS_SOURCE_TYPE_WEB)
                .setStatus(EgressStatus.EGRESS_STARTING)
                .setUpdatedAt(nanos(now))
                .setRoomComposite(req)
                // as LiveKit's egress does from the start (livekit/egress pkg/config/output_file.go
                // updateFilepath: FileInfo.Filename = StorageFilepath; pkg/config/output.go puts that FileInfo in
                // Info.FileResults), so ListEgress names the file of a running egress
                .addFileResults(FileInfo.newBuilder().setFilename(key));
        egresses.put(id, new EgressEntry(info, output, key));
        events.add(event("egress_started", null, null, info.build()));
        return info.build();
    }

    /**
     * STARTING → ACTIVE ({@code egress_updated}).
     *
     * @param id     the egress
     * @param events receives the events caused
     * @return whether it changed (false if it was not STARTING)
     */
    public synchronized boolean activateEgress(String id, List<WebhookEvent> events) {
        EgressEntry e = requireEgress(id);
        if (e.info.getStatus() != EgressStatus.EGRESS_STARTING) {
            return false;
        }
        joinEgressParticipant(e, events);
        long now = nanos(clock.instant());
        e.info.setStatus(EgressStatus.EGRESS_ACTIVE).setStartedAt(now).setUpdatedAt(now);
        events.add(event("egress_updated", null, null, e.info.build()));
        return true;
    }

    /**
     * ACTIVE → ENDING ({@code egress_updated}).
     *
     * @param id     the egress
     * @param events receives the events caused
     * @return where to upload, or null if it was not ACTIVE
     */
    public synchronized @Nullable UploadTarget beginEnding(String id, List<WebhookEvent> events) {
        EgressEntry e = requireEgress(id);
        if (e.info.getStatus() != EgressStatus.EGRESS_ACTIVE) {
            return null;
        }
        e.info.setStatus(EgressStatus.EGRESS_ENDING).setUpdatedAt(nanos(clock.instant()));
        events.add(event("egress_updated", null, null, e.info.build()));
        return new UploadTarget(id, e.output, e.key, e.info.getStartedAt());
    }

    /**
     * ENDING → COMPLETE or LIMIT_REACHED with the file result ({@code egress_ended}).
     *
     * @param id       the egress
     * @param terminal EGRESS_COMPLETE or EGRESS_LIMIT_REACHED
     * @param file     the uploaded file
     * @param events   receives the events caused
     * @return whether it changed (false if it was no longer ENDING)
     */
    @SuppressWarnings("deprecation") // the deprecated `file` result is filled too, for clients that still read it
    public synchronized boolean endEgress(String id, EgressStatus terminal, FileInfo file, List<WebhookEvent> events) {
        EgressEntry e = requireEgress(id);
        if (e.info.getStatus() != EgressStatus.EGRESS_ENDING) {
            return false;
        }
        e.info.setStatus(terminal)
                .setEndedAt(file.getEndedAt())
                .setUpdatedAt(file.getEndedAt())
                .clearFileResults()
                .addFileResults(file)
                .setFile(file);
        leaveEgressParticipant(e, events);
        events.add(event("egress_ended", null, null, e.info.build()));
        return true;
    }

    /**
     * Any non-terminal status → FAILED, or (from STARTING, when {@code aborted}) ABORTED ({@code egress_ended}).
     *
     * @param id      the egress
     * @param status  EGRESS_FAILED or EGRESS_ABORTED
     * @param error   the error text
     * @param events  receives the events caused
     * @return whether it changed (false if it had already ended)
     */
    public synchronized boolean failEgress(String id, EgressStatus status, String error, List<WebhookEvent> events) {
        EgressEntry e = requireEgress(id);
        if (isTerminal(e.info.getStatus())) {
            return false;
        }
        long now = nanos(clock.instant());
        e.info.setStatus(status)
                .setError(error)
                .setErrorCode(status == EgressStatus.EGRESS_FAILED ? 500 : 0)
                .setEndedAt(now)
                .setUpdatedAt(now);
        leaveEgressParticipant(e, events);
        events.add(event("egress_ended", null, null, e.info.build()));
        return true;
    }

    /**
     * STARTING → ABORTED ({@code egress_ended}), atomically: nothing happens if it is no longer STARTING.
     *
     * @param id     the egress
     * @param error  the error text
     * @param events receives the events caused
     * @return whether it changed
     */
    public synchronized boolean abortIfStarting(String id, String error, List<WebhookEvent> events) {
        if (requireEgress(id).info.getStatus() != EgressStatus.EGRESS_STARTING) {
            return false;
        }
        return failEgress(id, EgressStatus.EGRESS_ABORTED, error, events);
    }

    /**
     * The status of an egress.
     *
     * @param id the egress
     * @return the status
     * @throws TwirpException not_found if there is no such egress
     */
    public synchronized EgressStatus egressStatus(String id) {
        return requireEgress(id).info.getStatus();
    }

    /**
     * UpdateLayout.
     *
     * @param id     the egress
     * @param layout the new layout
     * @return the egress
     * @throws TwirpException not_found for an unknown egress; failed_precondition once it is ending or ended
     */
    public synchronized EgressInfo updateLayout(String id, String layout) {
        EgressEntry e = requireEgress(id);
        EgressStatus s = e.info.getStatus();
        if (s != EgressStatus.EGRESS_STARTING && s != EgressStatus.EGRESS_ACTIVE) {
            throw new TwirpException(TwirpCode.FAILED_PRECONDITION, "egress with status " + s + " cannot be updated");
        }
        e.info.getRoomCompositeBuilder().setLayout(layout);
        e.info.setUpdatedAt(nanos(clock.instant()));
        return e.info.build();
    }

    /**
     * ListEgress; {@code active} keeps STARTING, ACTIVE and ENDING egresses. With an egress id, LiveKit loads that
     * one egress and ignores the other filters ({@code pkg/service/ioservice.go} {@code ListEgress}); an unknown id is
     * 404 "egress does not exist".
     *
     * @param roomName filter by room, empty for all
     * @param egressId the one egress, or empty for all
     * @param active   keep only running egresses
     * @return the egresses in start order
     * @throws TwirpException not_found for an unknown egress id
     */
    public synchronized List<EgressInfo> listEgress(String roomName, String egressId, boolean active) {
        if (!egressId.isEmpty()) {
            return List.of(requireEgress(egressId).info.build());
        }
        List<EgressInfo> out = new ArrayList<>();
        for (EgressEntry e : egresses.values()) {
            EgressInfo.Builder i = e.info;
            if ((roomName.isEmpty() || roomName.equals(i.getRoomName()))
                    && (egressId.isEmpty() || egressId.equals(i.getEgressId()))
                    && (!active || !isTerminal(i.getStatus()))) {
                out.add(i.build());
            }
        }
        return out;
    }

    /**
     * One egress (test API).
     *
     * @param id the egress id
     * @return the egress, if known
     */
    public synchronized Optional<EgressInfo> egress(String id) {
        EgressEntry e = egresses.get(id);
        return e == null ? Optional.empty() : Optional.of(e.info.build());
    }

    /**
     * A room-composite egress's recorder joins the room as LiveKit's egress does ({@code livekit/protocol}
     * {@code egress/token.go} {@code BuildEgressToken}): identity = the egress id, kind EGRESS, hidden, recorder,
     * may subscribe, may not publish. It causes {@code participant_joined} and is listed by ListParticipants, but is
     * not counted in {@code num_participants}.
     */
    @SuppressWarnings("deprecation") // ParticipantPermission.recorder is deprecated, but LiveKit's egress token sets it
    private void joinEgressParticipant(EgressEntry e, List<WebhookEvent> events) {
        RoomEntry room = rooms.get(e.info.getRoomName());
        String identity = e.info.getEgressId();
        if (room == null || room.participants.containsKey(identity)) {
            return;
        }
        Instant now = clock.instant();
        ParticipantInfo.Builder p = ParticipantInfo.newBuilder()
                .setSid(Ids.next("PA_"))
                .setIdentity(identity)
                .setPermission(ParticipantPermission.newBuilder()
                        .setCanSubscribe(true)
                        .setHidden(true)
                        .setRecorder(true))
                .setKind(ParticipantInfo.Kind.EGRESS)
                .setState(ParticipantInfo.State.ACTIVE)
                .setJoinedAt(now.getEpochSecond())
                .setJoinedAtMs(now.toEpochMilli())
                .setVersion(1);
        room.participants.put(identity, p);
        events.add(event("participant_joined", snapshot(room), p.build(), null));
    }

    /** The egress's recorder leaves when the egress ends ({@code participant_left}, CLIENT_INITIATED). */
    private void leaveEgressParticipant(EgressEntry e, List<WebhookEvent> events) {
        RoomEntry room = rooms.get(e.info.getRoomName());
        if (room == null) {
            return;
        }
        ParticipantInfo.Builder p = room.participants.remove(e.info.getEgressId());
        if (p != null) {
            events.add(event(
                    "participant_left", snapshot(room), disconnected(p, DisconnectReason.CLIENT_INITIATED), null));
        }
    }

    private List<String> runningEgresses(String roomName) {
        List<String> out = new ArrayList<>();
        for (EgressEntry e : egresses.values()) {
            if (e.info.getRoomName().equals(roomName) && !isTerminal(e.info.getStatus())) {
                out.add(e.info.getEgressId());
            }
        }
        return out;
    }

    /**
     * Whether an egress status is terminal (COMPLETE, FAILED, ABORTED, LIMIT_REACHED).
     *
     * @param s the status
     * @return true if the egress will not change again
     */
    public static boolean isTerminal(EgressStatus s) {
        return s == EgressStatus.EGRESS_COMPLETE
                || s == EgressStatus.EGRESS_FAILED
                || s == EgressStatus.EGRESS_ABORTED
                || s == EgressStatus.EGRESS_LIMIT_REACHED;
    }

    static String resolveFilepath(EncodedFileOutput output, String roomName, String roomId, Instant now) {
        String path = output.getFilepath().isEmpty() ? "{room_name}-{time}" : output.getFilepath();
        path = path.replace("{room_name}", roomName)
                .replace("{room_id}", roomId)
                .replace("{time}", EGRESS_TIME.format(now))
                .replace("{utc}", Long.toString(now.toEpochMilli()));
        String lastSegment = path.substring(path.lastIndexOf('/') + 1);
        if (!lastSegment.contains(".")) {
            path += extension(output.getFileType());
        }
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        return path;
    }

    private static String extension(EncodedFileType type) {
        switch (type) {
            case OGG:
                return ".ogg";
            case MP3:
                return ".mp3";
            default:
                return ".mp4";
        }
    }

    // ---------------------------------------------------------------- helpers

    private RoomEntry requireRoom(String name) {
        RoomEntry entry = rooms.get(name);
        if (entry == null) {
            throw TwirpException.roomNotFound();
        }
        return entry;
    }

    private ParticipantInfo.Builder requireParticipant(String roomName, String identity) {
        RoomEntry entry = rooms.get(roomName);
        ParticipantInfo.Builder p = entry == null ? null : entry.participants.get(identity);
        if (p == null) {
            throw TwirpException.participantNotFound();
        }
        return p;
    }

    private ParticipantInfo.Builder routeToParticipant(String roomName, String identity) {
        RoomEntry entry = rooms.get(roomName);
        ParticipantInfo.Builder p = entry == null ? null : entry.participants.get(identity);
        if (p == null) {
            throw TwirpException.noResponse();
        }
        return p;
    }

    private EgressEntry requireEgress(String id) {
        EgressEntry e = egresses.get(id);
        if (e == null) {
            throw TwirpException.egressNotFound();
        }
        return e;
    }

    private Room snapshot(RoomEntry entry) {
        int publishers = 0;
        for (ParticipantInfo.Builder p : entry.participants.values()) {
            if (p.getTracksCount() > 0) {
                publishers++;
            }
        }
        int members = countIndependent(entry);
        boolean recording = false;
        for (EgressEntry e : egresses.values()) {
            if (e.info.getRoomName().equals(entry.room.getName()) && e.info.getStatus() == EgressStatus.EGRESS_ACTIVE) {
                recording = true;
                break;
            }
        }
        return entry.room
                .clone()
                .setNumParticipants(members)
                .setNumPublishers(publishers)
                .setActiveRecording(recording)
                .build();
    }

    private static ParticipantInfo disconnected(ParticipantInfo.Builder p, DisconnectReason reason) {
        return p.clone()
                .setState(ParticipantInfo.State.DISCONNECTED)
                .setDisconnectReason(reason)
                .build();
    }

    private WebhookEvent event(
            String name, @Nullable Room room, @Nullable ParticipantInfo participant, @Nullable EgressInfo egress) {
        return event(name, room, participant, egress, null);
    }

    /**
     * A webhook event as LiveKit's {@code pkg/telemetry/events.go} builds it: id {@code EV_…}
     * ({@code NotifyEvent}), and for egress events a minimal room {@code {sid, name}} from the egress
     * ({@code NotifyEgressEvent}).
     */
    private WebhookEvent event(
            String name,
            @Nullable Room room,
            @Nullable ParticipantInfo participant,
            @Nullable EgressInfo egress,
            @Nullable TrackInfo track) {
        WebhookEvent.Builder b = WebhookEvent.newBuilder()
                .setEvent(name)
                .setId(Ids.next("EV_"))
                .setCreatedAt(clock.instant().getEpochSecond());
        if (room != null) {
            b.setRoom(room);
        }
        if (participant != null) {
            b.setParticipant(participant);
        }
        if (egress != null) {
            b.setEgressInfo(egress);
            if (room == null) {
                b.setRoom(Room.newBuilder().setSid(egress.getRoomId()).setName(egress.getRoomName()));
            }
        }
        if (track != null) {
            b.setTrack(track);
        }
        return b.build();
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /**
     * Current time in nanoseconds since the epoch, by the state's clock.
     *
     * @return the time in ns
     */
    public long nowNanos() {
        return nanos(clock.instant());
    }
}
