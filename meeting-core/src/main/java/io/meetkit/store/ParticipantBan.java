package io.meetkit.store;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A participant identity that may not be in a meeting until {@link #until()}: recorded when it is kicked, so that
 * its still-valid tokens cannot bring it back (LiveKit cannot revoke a token).
 *
 * @param meetingId the meeting
 * @param identity the banned participant identity
 * @param bannedAt when the ban was recorded
 * @param until when the ban lapses: the expiry of the last token MeetKit could have given it, plus the clock skew
 */
public record ParticipantBan(UUID meetingId, String identity, Instant bannedAt, Instant until) {

    /** Validates the components. */
    public ParticipantBan {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(bannedAt, "bannedAt");
        Objects.requireNonNull(until, "until");
    }
}
