package io.meetkit.meeting;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A participant connected to a meeting's live LiveKit room, as MeetKit reports it (not LiveKit's protobuf).
 *
 * @param sid LiveKit's participant id ({@code PA_…})
 * @param identity the identity from the participant's token
 * @param name the display name
 * @param state {@code JOINING}, {@code JOINED}, {@code ACTIVE} or {@code DISCONNECTED}
 * @param metadata the participant's metadata (JSON written by MeetKit, or an empty string)
 * @param attributes LiveKit participant attributes
 * @param permissions what LiveKit lets it do
 * @param joinedAt when it joined
 * @param tracks its published tracks
 */
public record LiveParticipant(
        String sid,
        String identity,
        String name,
        String state,
        String metadata,
        Map<String, String> attributes,
        ParticipantPermissions permissions,
        Instant joinedAt,
        List<LiveTrack> tracks) {

    /** Validates and copies the components. */
    public LiveParticipant {
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(metadata, "metadata");
        attributes = Map.copyOf(attributes);
        Objects.requireNonNull(permissions, "permissions");
        Objects.requireNonNull(joinedAt, "joinedAt");
        tracks = List.copyOf(tracks);
    }
}
