package io.meetkit.internal.meeting;

import io.meetkit.InvalidRequestException;
import io.meetkit.NotFoundException;
import io.meetkit.internal.MeetKitContext;
import io.meetkit.internal.participant.ParticipantBans;
import io.meetkit.meeting.LiveParticipant;
import io.meetkit.meeting.LiveTrack;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.ParticipantUpdate;
import io.meetkit.participant.ParticipantRole;
import io.meetkit.store.MeetingStore;
import io.meetkit.store.ParticipantBan;
import java.time.Instant;
import java.util.ArrayList;
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

    /**
     * Mutes every published, unmuted audio track of every participant MeetKit does not know as a moderator (its own
     * record, the name reservation's role; never the participant's metadata). A participant or track gone meanwhile
     * is skipped; any other failure stops the call, and calling again mutes the rest (muted tracks are skipped).
     */
    List<LiveTrack> muteAll(UUID id) {
        Meeting m = require(id);
        List<LiveTrack> muted = new ArrayList<>();
        java.time.Instant now = context.now();
        for (LiveParticipant p : participants(id)) {
            if (isModerator(m, p.identity(), now)) {
                continue;
            }
            for (LiveTrack t : p.tracks()) {
                if (!"audio".equals(t.kind()) || t.muted()) {
                    continue;
                }
                try {
                    muted.add(context.liveKit().mutePublishedTrack(m.roomName(), p.identity(), t.sid(), true));
                } catch (NotFoundException gone) {
                    // left or unpublished since the list: nothing to mute
                }
            }
        }
        return List.copyOf(muted);
    }

    private boolean isModerator(Meeting m, String identity, java.time.Instant now) {
        return context.stores()
                .participantNames()
                .findByIdentity(m.id(), identity, now)
                .map(r -> ParticipantRole.MODERATOR_NAME.equalsIgnoreCase(r.role()))
                .orElse(false);
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
