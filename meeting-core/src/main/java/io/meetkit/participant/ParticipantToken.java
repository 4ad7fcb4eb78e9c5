package io.meetkit.participant;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A participant access token and what it grants, as {@link ParticipantTokens} issued it. {@link #toString()} never
 * shows the token.
 *
 * @param token the signed LiveKit JWT (HS256) the client connects with
 * @param url the URL the client connects to (LiveKit's, as configured)
 * @param meetingId the meeting
 * @param room the LiveKit room the token is for
 * @param identity the participant identity, or {@code null} for a token without a display name and identity
 * @param displayName the reserved display name (for example {@code Alice_2}), or {@code null} for a token that
 *     identifies a role but cannot join
 * @param role the selected role with the permissions it has in this meeting
 * @param expiresAt the token's {@code exp}
 */
public record ParticipantToken(
        String token,
        String url,
        UUID meetingId,
        String room,
        @Nullable String identity,
        @Nullable String displayName,
        ParticipantRole role,
        Instant expiresAt) {

    /** Validates the components. */
    public ParticipantToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether the token lets its holder join the room ({@code roomJoin}): it does when it has a display name. */
    public boolean canJoin() {
        return displayName != null;
    }

    @Override
    public String toString() {
        return "ParticipantToken{token=****, url=" + url + ", meetingId=" + meetingId + ", room=" + room
                + ", identity=" + identity + ", displayName=" + displayName + ", role=" + role.name()
                + ", expiresAt=" + expiresAt + '}';
    }
}
