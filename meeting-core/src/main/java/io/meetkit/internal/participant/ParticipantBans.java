package io.meetkit.internal.participant;

import io.meetkit.NotFoundException;
import io.meetkit.PermissionDeniedException;
import io.meetkit.internal.MeetKitContext;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.store.ParticipantBan;
import io.meetkit.store.ParticipantBanStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What keeps a kicked participant out, and token holders out of closed or deleted meetings. LiveKit cannot revoke a
 * token, so MeetKit enforces it: a kick records a ban in the {@link ParticipantBanStore} (every instance sees it)
 * until the last token MeetKit could have given that identity has expired (token TTL plus clock skew, since a
 * refresh always gives a token that lives one TTL); issue and refresh refuse a banned identity; and a
 * {@code participant_joined} webhook that reports a banned identity, or anybody joining the room of a CLOSED meeting,
 * is answered with RemoveParticipant, while a MeetKit participant in the room of a meeting that is gone gets the room
 * deleted (LiveKit had created it again on join). Removal is therefore as fast as LiveKit's webhook, and bounded by the
 * token TTL. Thread-safe. Not API.
 */
public final class ParticipantBans {

    private static final Logger log = LoggerFactory.getLogger(ParticipantBans.class);

    private final MeetKitContext context;
    private final ParticipantBanStore bans;
    private final Duration banLength;
    private final String meetKitMetadataPrefix;

    /**
     * Creates the enforcement.
     *
     * @param context MeetKit's shared context
     * @param banLength how long a kick bans: the token TTL plus the clock skew
     */
    public ParticipantBans(MeetKitContext context, Duration banLength) {
        this.context = Objects.requireNonNull(context, "context");
        this.bans = context.stores().participantBans();
        this.banLength = Objects.requireNonNull(banLength, "banLength");
        this.meetKitMetadataPrefix = TokenMetadata.prefix(context.clientUrl());
    }

    /** How long a kick bans. */
    public Duration banLength() {
        return banLength;
    }

    /**
     * Refuses a banned identity.
     *
     * @throws PermissionDeniedException with {@link PermissionDeniedException#PARTICIPANT_BANNED}
     */
    public void refuseIfBanned(Meeting meeting, String identity, Instant now) {
        Optional<ParticipantBan> ban = bans.find(meeting.id(), identity, now);
        if (ban.isPresent()) {
            throw new PermissionDeniedException(
                    PermissionDeniedException.PARTICIPANT_BANNED,
                    "participant '" + identity + "' was removed from meeting " + meeting.id() + " and may not rejoin"
                            + " before " + ban.get().until());
        }
    }

    /**
     * Bans an identity for {@link #banLength()} from now.
     *
     * @return the ban that was in force before, to give to {@link #restore} if the kick fails
     */
    public Optional<ParticipantBan> ban(UUID meetingId, String identity, Instant now) {
        Optional<ParticipantBan> before = bans.find(meetingId, identity, now);
        bans.ban(meetingId, identity, now, now.plus(banLength));
        return before;
    }

    /** Puts back the ban that was in force before a {@link #ban} whose kick failed. */
    public void restore(UUID meetingId, String identity, Optional<ParticipantBan> before, Instant now) {
        bans.lift(meetingId, identity);
        before.ifPresent(b -> bans.ban(meetingId, identity, now, b.until()));
    }

    /**
     * Enforces the rules when LiveKit reports a participant joined a room.
     *
     * @param meeting the meeting of the room, or {@code null} if MeetKit has none (deleted, or never MeetKit's)
     * @param room the room name
     * @param identity the participant identity
     * @param metadata the participant's metadata, which tells whether it joined with a token MeetKit signed
     * @param at when LiveKit says the participant joined: a join older than the close or the ban is a late webhook
     *     of a participant who is gone already, and costs no RemoveParticipant
     * @return whether the participant was removed (or its room deleted)
     */
    public boolean enforceOnJoin(@Nullable Meeting meeting, String room, String identity, String metadata, Instant at) {
        Instant now = context.now();
        if (meeting == null) {
            // a room of another application on the same LiveKit is left alone: only a MeetKit token holder counts
            if (!metadata.startsWith(meetKitMetadataPrefix)) {
                return false;
            }
            log.info("Participant '{}' joined room {}, whose meeting is gone: deleting the room", identity, room);
            try {
                context.liveKit().deleteRoom(room);
            } catch (NotFoundException gone) {
                // already gone
            }
            return true;
        }
        long joined = at.getEpochSecond();
        String why = null;
        if (meeting.status() == MeetingStatus.CLOSED) {
            if (joined >= meeting.updatedAt().getEpochSecond()) {
                why = "the meeting is closed";
            }
        } else {
            Optional<ParticipantBan> ban = bans.find(meeting.id(), identity, now);
            if (ban.isPresent() && joined >= ban.get().bannedAt().getEpochSecond()) {
                why = "the identity is banned";
            }
        }
        if (why == null) {
            return false;
        }
        log.info("Removing participant '{}' from meeting {}: {}", identity, meeting.id(), why);
        try {
            context.liveKit().removeParticipant(room, identity);
        } catch (NotFoundException gone) {
            // already gone
        }
        return true;
    }
}
