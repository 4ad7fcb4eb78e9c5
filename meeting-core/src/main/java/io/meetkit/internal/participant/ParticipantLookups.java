package io.meetkit.internal.participant;

import io.meetkit.ConflictException;
import io.meetkit.InvalidRequestException;
import io.meetkit.InvalidRequestException.Violation;
import io.meetkit.NotFoundException;
import io.meetkit.internal.MeetKitContext;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.participant.ParticipantInput;
import io.meetkit.participant.ParticipantRole;
import io.meetkit.participant.ParticipantTokens;
import io.meetkit.participant.RolePolicy;
import io.meetkit.store.NameReservation;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** What the token components look up and how they refuse: meetings, recorded roles, identities. Thread-safe. */
final class ParticipantLookups {

    private final MeetKitContext context;
    private final RolePolicy roles;

    ParticipantLookups(MeetKitContext context, RolePolicy roles) {
        this.context = context;
        this.roles = roles;
    }

    Meeting requireMeeting(UUID meetingId) {
        return context.stores()
                .meetings()
                .findById(meetingId)
                .orElseThrow(() ->
                        new NotFoundException(NotFoundException.MEETING_NOT_FOUND, "meeting not found: " + meetingId));
    }

    Meeting openMeeting(UUID meetingId) {
        Meeting meeting = requireMeeting(meetingId);
        if (meeting.status() == MeetingStatus.CLOSED) {
            throw new ConflictException(
                    ConflictException.MEETING_CLOSED,
                    "meeting " + meetingId + " is closed: no tokens are issued until it is reopened");
        }
        return meeting;
    }

    ParticipantRole recordedRole(NameReservation reservation) {
        return roles.find(reservation.role())
                .orElseThrow(() -> new ConflictException(
                        ParticipantTokens.ROLE_UNKNOWN,
                        "the recorded role " + ParticipantInput.describe(reservation.role()) + " of '"
                                + reservation.identity() + "' is not in the role policy"));
    }

    /** The message for a role name the policy does not know, e.g. {@code must be one of [MODERATOR, SPEAKER]: 'X'}. */
    String unknownRole(String role) {
        StringBuilder sb = new StringBuilder();
        for (ParticipantRole r : roles.roles()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(r.name());
        }
        return "must be one of [" + sb + "]: " + ParticipantInput.describe(role);
    }

    static void requireIdentity(@Nullable String identity) {
        if (identity == null) {
            throw new InvalidRequestException("identity", "is required");
        }
        List<Violation> violations = new ArrayList<>(0);
        ParticipantInput.identity(identity, violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations, null);
        }
    }

    static NotFoundException participantNotFound(Meeting meeting, String identity, String why) {
        return new NotFoundException(
                NotFoundException.PARTICIPANT_NOT_FOUND,
                "participant '" + identity + "' " + why + " (meeting " + meeting.id() + ")");
    }
}
