package io.meetkit.participant;

import io.meetkit.ConflictException;
import io.meetkit.ErrorCode;
import io.meetkit.InvalidRequestException;
import io.meetkit.MeetingException;
import io.meetkit.NotFoundException;
import io.meetkit.PermissionDeniedException;
import io.meetkit.store.NameReservation;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Issues, refreshes and verifies participant access tokens: the call an application makes each time someone joins
 * a meeting.
 *
 * <pre>{@code
 * ParticipantToken t = kit.tokens().issue(meetingId, TokenRequest.of("Alice", "SPEAKER"));
 * // hand t.token() and t.url() to the browser; t.displayName() may be "Alice_2" if "Alice" was taken
 * }</pre>
 *
 * <p><b>Issue</b>: the request is validated; the meeting must exist and not be CLOSED; the role comes from the
 * request's role name or from one of the meeting's role secrets; the LiveKit room is created if MeetKit does not
 * know it exists (known rooms are cached, and re-confirmed with LiveKit at most every
 * {@link #ROOM_RECHECK_INTERVAL}); the display name is reserved, unique per meeting and case-insensitively
 * ({@code Alice}, {@code Alice_2}, …, smallest free number first), for the token's TTL plus
 * {@link #RESERVATION_MARGIN}; the token is signed. If signing fails after the reservation, the reservation is
 * released. A request without a display name gets a token without {@code roomJoin}: it identifies the role for the
 * application's pages, reserves nothing and needs no LiveKit room.
 *
 * <p><b>The token</b>: HS256, {@code iss} = API key, {@code sub} = identity (the reserved name unless the
 * application gave one), {@code name} = the reserved name, {@code nbf} = now and {@code exp} = now + TTL, a
 * {@code video} grant for exactly the meeting's room with the role's LiveKit permissions, optional
 * {@code attributes}, and {@code metadata} JSON as OpenVidu Meet writes it:
 * {@code {"livekitUrl":…,"roles":[{"role":"SPEAKER","permissions":{"canRecord":false,"canChat":true,
 * "canChangeVirtualBackground":true}}],"selectedRole":"SPEAKER"}}. App permissions that the meeting's settings switch
 * off are removed.
 *
 * <p><b>Roles are MeetKit's record</b>: the role given to a participant is kept with its name reservation and
 * changed only by {@link #changeRole}; {@link #refresh} reads it from there, never from the participant's LiveKit
 * metadata, which the participant may rewrite itself ({@code canUpdateOwnMetadata}). The metadata's list of roles
 * held is built from trusted sources only: at issue, the roles of the verified previous token of the same meeting
 * ({@link TokenRequest#previousToken()}) plus the selected one; at refresh, the recorded role; at a role change, the
 * previously recorded role plus the new one.
 *
 * <p>ParticipantTokens is thread-safe; get it from {@link io.meetkit.MeetKit#tokens()}. Tokens and secrets never
 * appear in logs or exception messages.
 */
public interface ParticipantTokens {

    /** The default token lifetime, as OpenVidu Meet's. */
    Duration DEFAULT_TOKEN_TTL = Duration.ofHours(2);

    /** The longest token lifetime accepted. */
    Duration MAX_TOKEN_TTL = Duration.ofHours(24);

    /** How much longer than its token a name reservation lives, so that a participant keeps its name until then. */
    Duration RESERVATION_MARGIN = Duration.ofHours(1);

    /** How long a room LiveKit confirmed is trusted without asking again (a room removed without a webhook). */
    Duration ROOM_RECHECK_INTERVAL = Duration.ofSeconds(60);

    /** The data-message topic of the role-change signal sent to a participant. */
    String ROLE_UPDATED_TOPIC = "meetkit.participant_role_updated";

    /** The conflict code when a participant's recorded role is no longer in the {@link RolePolicy}. */
    String ROLE_UNKNOWN = ErrorCode.ROLE_UNKNOWN.code();

    /** Returns the role policy. */
    RolePolicy rolePolicy();

    /** Returns the lifetime of issued tokens. */
    Duration tokenTtl();

    /**
     * Issues a token for a meeting; see the class comment for the steps.
     *
     * @param meetingId the meeting
     * @param request the display name, the role or a role secret, and the optional identity, attributes and previous
     *     token
     * @return the token with what it grants
     * @throws InvalidRequestException naming each bad field: a blank, over-long (more than 50 characters after
     *     trimming) or control-character display name, a bad identity or attributes, no role and no secret or both,
     *     an unknown role, a previous token of another meeting; nothing is reserved
     * @throws NotFoundException with {@code meeting_not_found} if the meeting does not exist
     * @throws ConflictException with {@code meeting_closed} if the meeting is CLOSED, or {@code name_unavailable} if
     *     no free variant of the name is left
     * @throws PermissionDeniedException if the secret is neither the meeting's moderator nor its speaker secret
     * @throws TokenRejectedException if the previous token does not verify
     * @throws MeetingException from LiveKit (creating the room) or the store; nothing stays reserved
     */
    ParticipantToken issue(UUID meetingId, TokenRequest request);

    /**
     * Issues a new token to a participant who is in the meeting's LiveKit room right now: same identity and display
     * name, no new reservation (the existing one is renewed), a new {@code exp}. The role is the one MeetKit recorded
     * for the participant (at issue or by {@link #changeRole}), never one read from its LiveKit metadata.
     *
     * @param meetingId the meeting
     * @param identity the participant identity
     * @return the new token
     * @throws InvalidRequestException for a blank, over-long or control-character identity
     * @throws NotFoundException with {@code meeting_not_found}, or {@code participant_not_found} if the participant
     *     is not in the room or holds no reservation of this meeting
     * @throws ConflictException with {@code meeting_closed}, or {@link #ROLE_UNKNOWN} if the recorded role left the
     *     policy
     * @throws MeetingException from LiveKit or the store
     */
    ParticipantToken refresh(UUID meetingId, String identity);

    /**
     * Gives a connected participant another role, live: MeetKit's record of its role changes (so {@link #refresh}
     * issues the new role), LiveKit's {@code ParticipantPermission} and metadata change through UpdateParticipant
     * (publish rights change without reconnecting), and a reliable data message on topic
     * {@value #ROLE_UPDATED_TOPIC} goes to that participant only:
     * {@code {"type":"participant_role_updated","identity":…,"role":…,"permissions":{…}}}. The client then calls
     * {@link #refresh} for a token with the new role; no role secret is sent. If UpdateParticipant fails, the
     * recorded role is put back; if only the data message fails, the change stands and a warning is logged.
     *
     * @param meetingId the meeting
     * @param identity the participant identity
     * @param role the new role's name
     * @return the new role with the permissions it has in this meeting
     * @throws InvalidRequestException for a bad identity or an unknown role
     * @throws NotFoundException with {@code meeting_not_found}, or {@code participant_not_found} if the participant
     *     holds no reservation or is not in the room
     * @throws MeetingException from LiveKit or the store
     */
    ParticipantRole changeRole(UUID meetingId, String identity, String role);

    /**
     * Verifies a participant token: HS256 is pinned before any MAC is computed, the signature is compared in
     * constant time, {@code exp} is required, {@code nbf} and {@code exp} are checked with the configured clock skew
     * (60 s by default), and the issuer must be this MeetKit's API key.
     *
     * @param token the compact JWT
     * @return its verified claims
     * @throws TokenRejectedException with the reason; the token is never logged or put into the message
     */
    ParticipantClaims verify(String token);

    /**
     * Lists the display names reserved in a meeting now.
     *
     * @param meetingId the meeting
     * @return its live reservations, in no particular order
     */
    List<NameReservation> reservedNames(UUID meetingId);

    /**
     * Releases a participant's name, for example when it left; the name and its number become free again.
     *
     * @param meetingId the meeting
     * @param identity the participant identity
     * @return whether it held a reservation
     */
    boolean releaseName(UUID meetingId, String identity);

    /**
     * Checks a token lifetime.
     *
     * @param tokenTtl the lifetime
     * @return the lifetime
     * @throws IllegalArgumentException if not positive or above {@link #MAX_TOKEN_TTL}
     */
    static Duration checkTokenTtl(Duration tokenTtl) {
        Objects.requireNonNull(tokenTtl, "tokenTtl");
        if (tokenTtl.isNegative()
                || tokenTtl.compareTo(Duration.ofSeconds(1)) < 0
                || tokenTtl.compareTo(MAX_TOKEN_TTL) > 0) {
            throw new IllegalArgumentException(
                    "tokenTtl must be between 1 second and " + MAX_TOKEN_TTL + ": " + tokenTtl);
        }
        return tokenTtl;
    }
}
