package io.meetkit.internal.meeting;

import io.meetkit.InvalidRequestException;
import io.meetkit.NotFoundException;
import io.meetkit.internal.MeetKitContext;
import io.meetkit.internal.participant.ParticipantBans;
import io.meetkit.meeting.LiveParticipant;
import io.meetkit.meeting.LiveTrack;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.ParticipantUpdate;
import io.meetkit.store.MeetingStore;
import io.meetkit.store.ParticipantBan;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** The participants of a meeting's live LiveKit room: list, get, kick, mute, update. Thread-safe. Not API. */
final class LiveRoomParticipants {

    private final MeetKitContext context;
    private final MeetingStore store;
    private final ParticipantBans bans;

    LiveRoomParticipants(MeetKitContext context, ParticipantBans bans) {
        this.context = context;
        this.store = context.stores().meetings();
        this.bans = bans;
    }

    private Meeting require(UUID id) {
        return MeetingErrors.require(store, id);
    }

    List<LiveParticipant> participants(UUID id) {
        Meeting m = require(id);
        try {
            return context.liveKit().listParticipants(m.roomName());
        } catch (NotFoundException noRoom) {
            return List.of();
        }
    }

    LiveParticipant participant(UUID id, String identity) {
        Meeting m = require(id);
        MeetingInput.validIdentity(identity);
        try {
            return context.liveKit().getParticipant(m.roomName(), identity);
        } catch (NotFoundException e) {
            throw MeetingErrors.participantNotFound(m, identity);
        }
    }

    /**
     * Bans the identity first (so that a reconnect racing the removal is removed by the webhook), then removes it; if
     * the removal fails, the ban is undone, so a refused kick stores nothing.
     */
    void kick(UUID id, String identity) {
        Meeting m = require(id);
        MeetingInput.validIdentity(identity);
        Instant now = context.now();
        Optional<ParticipantBan> before = bans.ban(m.id(), identity, now);
        try {
            context.liveKit().removeParticipant(m.roomName(), identity);
        } catch (RuntimeException e) {
            try {
                bans.restore(m.id(), identity, before, now);
            } catch (RuntimeException undo) {
                e.addSuppressed(undo);
            }
            if (e instanceof NotFoundException) {
                throw MeetingErrors.participantNotFound(m, identity);
            }
            throw e;
        }
    }

    LiveTrack muteTrack(UUID id, String identity, String trackSid, boolean muted) {
        Meeting m = require(id);
        MeetingInput.validIdentity(identity);
        if (trackSid == null || trackSid.isBlank()) {
            throw new InvalidRequestException("trackSid", "must not be blank");
        }
        try {
            return context.liveKit().mutePublishedTrack(m.roomName(), identity, trackSid, muted);
        } catch (NotFoundException e) {
            throw new NotFoundException(
                    NotFoundException.PARTICIPANT_NOT_FOUND,
                    "participant '" + identity + "' or track " + trackSid + " not found in meeting " + m.id(),
                    e.twirpCode().orElse(null));
        }
    }

    LiveParticipant updateParticipant(UUID id, String identity, ParticipantUpdate update) {
        Objects.requireNonNull(update, "update");
        Meeting m = require(id);
        MeetingInput.validIdentity(identity);
        try {
            return context.liveKit().updateParticipant(m.roomName(), identity, update);
        } catch (NotFoundException e) {
            throw MeetingErrors.participantNotFound(m, identity);
        }
    }
}
