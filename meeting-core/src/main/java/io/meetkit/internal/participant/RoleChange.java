package io.meetkit.internal.participant;

import io.meetkit.InvalidRequestException;
import io.meetkit.MeetingException;
import io.meetkit.NotFoundException;
import io.meetkit.internal.MeetKitContext;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.ParticipantUpdate;
import io.meetkit.participant.ParticipantRole;
import io.meetkit.participant.ParticipantTokens;
import io.meetkit.participant.RolePolicy;
import io.meetkit.store.NameReservation;
import io.meetkit.store.ParticipantNameStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link ParticipantTokens#changeRole}: the recorded role, LiveKit's permissions and the signal. Thread-safe. */
final class RoleChange {

    private static final Logger log = LoggerFactory.getLogger(RoleChange.class);

    private final MeetKitContext context;
    private final RolePolicy roles;
    private final ParticipantLookups lookups;
    private final TokenMetadata tokenMetadata;
    private final ParticipantNameStore names;

    RoleChange(MeetKitContext context, RolePolicy roles, ParticipantLookups lookups, TokenMetadata tokenMetadata) {
        this.context = context;
        this.roles = roles;
        this.lookups = lookups;
        this.tokenMetadata = tokenMetadata;
        this.names = context.stores().participantNames();
    }

    ParticipantRole changeRole(UUID meetingId, String identity, String role) {
        ParticipantRole next =
                roles.find(role).orElseThrow(() -> new InvalidRequestException("role", lookups.unknownRole(role)));
        Meeting meeting = lookups.requireMeeting(meetingId);
        Instant now = context.now();
        NameReservation before = names.findByIdentity(meeting.id(), identity, now)
                .orElseThrow(
                        () -> ParticipantLookups.participantNotFound(meeting, identity, "holds no name reservation"));
        ParticipantRole effective = next.in(meeting.settings());
        List<ParticipantRole> held = new ArrayList<>(2);
        roles.find(before.role()).filter(r -> !r.name().equals(next.name())).ifPresent(held::add);
        held.add(next);
        String metadata = tokenMetadata.write(held, next, meeting);

        names.updateRole(meeting.id(), identity, next.name(), now);
        try {
            context.liveKit()
                    .updateParticipant(
                            meeting.roomName(),
                            identity,
                            ParticipantUpdate.builder()
                                    .metadata(metadata)
                                    .permissions(effective.grants())
                                    .build());
        } catch (RuntimeException e) {
            try {
                names.updateRole(meeting.id(), identity, before.role(), context.now());
            } catch (RuntimeException restore) {
                e.addSuppressed(restore);
            }
            if (e instanceof NotFoundException) {
                throw ParticipantLookups.participantNotFound(meeting, identity, "is not in the meeting's room");
            }
            throw e;
        }
        try {
            context.liveKit()
                    .sendData(
                            meeting.roomName(),
                            TokenMetadata.roleSignal(identity, effective),
                            List.of(identity),
                            ParticipantTokens.ROLE_UPDATED_TOPIC);
        } catch (MeetingException e) {
            log.warn(
                    "Participant '{}' of meeting {} is now {}, but the signal could not be sent: {}",
                    identity,
                    meeting.id(),
                    next.name(),
                    e.getMessage());
        }
        log.debug("Participant '{}' of meeting {} is now {}", identity, meeting.id(), next.name());
        return effective;
    }
}
