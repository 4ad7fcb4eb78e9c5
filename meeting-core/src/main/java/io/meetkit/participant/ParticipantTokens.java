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
 * request's role name or from one of the meeting's role secrets; the display name is reserved, unique per meeting
 * ({@code Alice}, {@code Alice_2}, …, smallest free number first), for the token's TTL plus
 * {@link #RESERVATION_MARGIN}; the token is signed. If signing fails after the reservation, the reservation is
 * released. Issue makes no LiveKit call: the token carries LiveKit's {@code roomConfig} claim (below), and LiveKit
 * creates the meeting's room on the first join with the meeting's settings, whichever instance issued the token.
 * Only with {@link io.meetkit.MeetKit.Builder#createRoomsOnJoin(boolean)} (for a LiveKit whose
 * {@code room.auto_create} is off) is the room created before the token is handed out, unless the store says the
 * meeting's room session is live and this instance confirmed that room within {@link #ROOM_RECHECK_INTERVAL}. A
 * request without a display name gets a token without {@code roomJoin} and without {@code roomConfig}: it identifies
 * the role for the application's pages, reserves nothing and needs no LiveKit room.
 *
 * <p><b>Identities are never reused</b>: the identity is separate from the display name. An identity the application
 * gives ({@link TokenRequest#identity()}) is used as given (the application vouches that it is the same person). One
 * MeetKit makes is a readable prefix of the display name plus 60 random bits, for example {@code dana-k3v9q2m7x1fz}
 * (as OpenVidu Meet's participant identities are), new for every issue, so that when "Dana" leaves and someone else
 * is later given "Dana", the first participant's old token names an identity nobody holds any more.
 *
 * <p><b>The display-name policy</b> ({@link io.meetkit.rules.InputRules#normalizeDisplayName},
 * {@link io.meetkit.rules.InputRules#displayNameProblem}): every Unicode whitespace is trimmed and inner runs become
 * one space; the name is stored in NFC and may then be at most 50 characters; names with control characters, Unicode
 * format characters (zero-width spaces and joiners outside an emoji sequence, word joiner, byte-order mark, soft
 * hyphen), bidi controls, blank-looking letters, or nothing visible are refused. Two names collide when they are equal
 * after NFKC and a locale-independent case fold ({@link io.meetkit.rules.InputRules#displayNameKey}), so full-width
 * {@code Ａlice} and {@code ALICE} collide with {@code Alice}, whatever the JVM's default locale.
 *
 * <p><b>Kicked participants stay out</b>: {@link io.meetkit.meeting.MeetingManager#kick} bans the identity in the
 * meeting, in the store, until every token it could hold has expired (token TTL plus clock skew); issue (for an
 * identity the application gives) and refresh refuse it with {@code participant_banned}. LiveKit cannot revoke a
 * token, so a banned identity, or anybody in the room of a CLOSED meeting, that joins anyway is removed as soon as the
 * {@code participant_joined} webhook arrives (a MeetKit participant in the room of a deleted meeting gets the room
 * deleted): removal is enforced through webhooks and bounded by the token TTL.
 *
 * <p><b>The token</b>: HS256, {@code iss} = API key, {@code sub} = identity, {@code name} = the reserved name, {@code nbf} = now and {@code exp} = now + TTL, a
 * {@code video} grant for exactly the meeting's room with the role's LiveKit permissions, optional
 * {@code attributes}, a {@code roomConfig} claim when it can join (LiveKit's {@code livekit.RoomConfiguration} as
 * protojson, as {@code livekit/protocol} {@code auth/grants.go} writes it:
 * {@code {"name":…,"emptyTimeout":300,"departureTimeout":20,"maxParticipants":5,"metadata":"{\"meetkitMeetingId\":…}"}},
 * from the meeting's settings when the token is signed, {@code departureTimeout} being
 * {@link #ROOM_DEPARTURE_TIMEOUT}), and {@code metadata} JSON as OpenVidu Meet writes it:
 * {@code {"livekitUrl":…,"roles":[{"role":"SPEAKER","permissions":{"canRecord":false,"canChat":true,
 * "canChangeVirtualBackground":true}}],"selectedRole":"SPEAKER"}}. App permissions that the meeting's settings switch
 * off are removed.
 *
 * <p><b>Roles and attributes are MeetKit's record</b>: the role given to a participant is kept with its name
 * reservation and changed only by {@link #changeRole}; {@link #refresh} reads it from there, never from the
 * participant's LiveKit metadata or attributes. The attributes of a refreshed token are the ones the application gave
 * at issue, carried forward from the verified token MeetKit signed, never LiveKit's live attributes (which a
 * participant holding {@code canUpdateOwnMetadata} could set; the built-in roles do not hold it). The metadata's list of roles
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

    /**
     * How long after its {@code exp} a participant's token still proves who it is to {@link #refresh}: 10 minutes.
     * A client whose tab slept past the expiry can still refresh without joining again, as OpenVidu Meet lets a
     * previous token regenerate one; a token that expired longer ago (or a leaked old one) cannot.
     */
    Duration REFRESH_GRACE = Duration.ofMinutes(10);

    /**
     * With {@link io.meetkit.MeetKit.Builder#createRoomsOnJoin(boolean)} on: how long a room this instance created
     * (or LiveKit confirmed) is trusted without asking again while the store says its room session is live (a room
     * LiveKit removed without a webhook). Unused otherwise: issue then makes no LiveKit call.
     */
    Duration ROOM_RECHECK_INTERVAL = Duration.ofSeconds(60);

    /**
     * How long LiveKit keeps a meeting's room after its last participant left: 20 seconds, LiveKit's default
     * ({@code room.departure_timeout}) and OpenVidu Meet's {@code MEETING_DEPARTURE_TIMEOUT}. Written into every
     * token's {@code roomConfig} and every CreateRoom, so that a room does not take its timeout from whichever
     * server configuration created it.
     */
    Duration ROOM_DEPARTURE_TIMEOUT = Duration.ofSeconds(20);

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
     * @throws InvalidRequestException naming each bad field: a display name the policy above refuses (blank or
     *     invisible, more than 50 characters after normalization, control, format or bidi characters), a bad identity or attributes, no role and no secret or both,
     *     an unknown role, a previous token of another meeting; nothing is reserved
     * @throws NotFoundException with {@code meeting_not_found} if the meeting does not exist
     * @throws ConflictException with {@code meeting_closed} if the meeting is CLOSED, or {@code name_unavailable} if
     *     no free variant of the name is left
     * @throws PermissionDeniedException if the secret is neither the meeting's moderator nor its speaker secret, or
     *     with {@code participant_banned} if the application's identity was kicked and its ban has not lapsed
     * @throws TokenRejectedException if the previous token does not verify
     * @throws MeetingException from LiveKit (creating the room) or the store; nothing stays reserved
     */
    ParticipantToken issue(UUID meetingId, TokenRequest request);

    /**
     * Issues a new token to a participant who is in the meeting's LiveKit room right now, if the token it presents
     * proves it is that participant: same identity and display name, no new reservation (the existing one is
     * renewed), a new {@code exp}. The presented token must be one this MeetKit signed for {@code identity} in this
     * meeting's room, with {@code roomJoin}, not issued before the reservation it refreshes (so a token of an earlier
     * holder of an application-given identity does not refresh), unexpired or expired at most
     * {@link #REFRESH_GRACE} ago. The role is the one MeetKit recorded for the participant (at issue or by
     * {@link #changeRole}); the attributes are the ones MeetKit signed into the presented token at issue; neither is
     * ever read from LiveKit's participant state.
     *
     * @param meetingId the meeting
     * @param identity the participant identity
     * @param presentedToken the participant's current (or recently expired) token
     * @return the new token
     * @throws InvalidRequestException for a blank, over-long or control-character identity
     * @throws TokenRejectedException if the presented token does not verify ({@code MISSING_TOKEN} if there is none,
     *     {@code EXPIRED} if it expired more than {@link #REFRESH_GRACE} ago)
     * @throws PermissionDeniedException with {@code permission_denied} if the token is not one of this identity in
     *     this meeting or was issued before its reservation, or {@code participant_banned} if the identity was kicked
     * @throws NotFoundException with {@code meeting_not_found}, or {@code participant_not_found} if the participant
     *     is not in the room or holds no reservation of this meeting
     * @throws ConflictException with {@code meeting_closed}, or {@link #ROLE_UNKNOWN} if the recorded role left the
     *     policy
     * @throws MeetingException from LiveKit or the store
     */
    ParticipantToken refresh(UUID meetingId, String identity, String presentedToken);

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
