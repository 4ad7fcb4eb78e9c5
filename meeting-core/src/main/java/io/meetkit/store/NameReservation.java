package io.meetkit.store;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A display name reserved in one meeting, with MeetKit's own record of who holds it: the identity of the
 * participant's token and the role MeetKit gave it (never taken from metadata the participant can edit).
 *
 * @param meetingId the meeting
 * @param displayName the reserved name in its original case, for example {@code Alice_2}
 * @param identity the participant identity (the reserved name unless the application gave one)
 * @param role the role name, for example {@code MODERATOR}
 * @param reservedAt when it was reserved
 * @param expiresAt when the reservation lapses unless renewed
 */
public record NameReservation(
        UUID meetingId, String displayName, String identity, String role, Instant reservedAt, Instant expiresAt) {

    /** Validates the components. */
    public NameReservation {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(reservedAt, "reservedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Returns the case-folded key of the name, see {@link ParticipantNameStore#nameKey(String)}. */
    public String nameKey() {
        return ParticipantNameStore.nameKey(displayName);
    }
}
