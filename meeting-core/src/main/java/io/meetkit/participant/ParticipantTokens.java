package io.meetkit.participant;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.meetkit.ConflictException;
import io.meetkit.InvalidRequestException;
import io.meetkit.InvalidRequestException.Violation;
import io.meetkit.MeetingException;
import io.meetkit.NotFoundException;
import io.meetkit.PermissionDeniedException;
import io.meetkit.internal.KnownRooms;
import io.meetkit.internal.MeetKitContext;
import io.meetkit.internal.Secrets;
import io.meetkit.internal.jwt.Hs256Jwt;
import io.meetkit.internal.jwt.JwtClaims;
import io.meetkit.internal.jwt.JwtRejectedException;
import io.meetkit.livekit.LiveRoom;
import io.meetkit.livekit.RoomSpec;
import io.meetkit.meeting.LiveParticipant;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.meeting.ParticipantUpdate;
import io.meetkit.store.NameReservation;
import io.meetkit.store.ParticipantNameStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
public final class ParticipantTokens {

    private static final Logger log = LoggerFactory.getLogger(ParticipantTokens.class);

    /** The default token lifetime, as OpenVidu Meet's. */
    public static final Duration DEFAULT_TOKEN_TTL = Duration.ofHours(2);
    /** The longest token lifetime accepted. */
    public static final Duration MAX_TOKEN_TTL = Duration.ofHours(24);
    /** How much longer than its token a name reservation lives, so that a participant keeps its name until then. */
    public static final Duration RESERVATION_MARGIN = Duration.ofHours(1);
    /** How long a room LiveKit confirmed is trusted without asking again (a room removed without a webhook). */
    public static final Duration ROOM_RECHECK_INTERVAL = Duration.ofSeconds(60);
    /** The data-message topic of the role-change signal sent to a participant. */
    public static final String ROLE_UPDATED_TOPIC = "meetkit.participant_role_updated";
    /** The conflict code when a participant's recorded role is no longer in the {@link RolePolicy}. */
    public static final String ROLE_UNKNOWN = "role_unknown";

    private static final ObjectReader JSON = new ObjectMapper().reader();

    private final MeetKitContext context;
    private final Hs256Jwt jwt;
    private final RolePolicy roles;
    private final Duration tokenTtl;
    private final Duration reservationTtl;
    private final String apiKey;
    private final String clientUrl;
    private final String metadataPrefix;
    private final ParticipantNameStore names;
    private final ConcurrentHashMap<String, CompletableFuture<@Nullable Void>> creating = new ConcurrentHashMap<>();

    /**
     * Creates the service. Applications get it from {@link io.meetkit.MeetKit#tokens()}.
     *
     * @param context MeetKit's shared context
     * @param jwt the signer and verifier for the API key and secret
     * @param roles the role policy
     * @param tokenTtl the lifetime of issued tokens
     * @throws IllegalArgumentException if {@code tokenTtl} is not positive or above {@link #MAX_TOKEN_TTL}, or the
     *     signer's issuer is not the context's API key
     */
    public ParticipantTokens(MeetKitContext context, Hs256Jwt jwt, RolePolicy roles, Duration tokenTtl) {
        this.context = Objects.requireNonNull(context, "context");
        this.jwt = Objects.requireNonNull(jwt, "jwt");
        this.roles = Objects.requireNonNull(roles, "roles");
        this.tokenTtl = checkTokenTtl(tokenTtl);
        this.reservationTtl = tokenTtl.plus(RESERVATION_MARGIN);
        this.apiKey = context.apiKey();
        if (!jwt.issuer().equals(apiKey)) {
            throw new IllegalArgumentException("the signer's issuer is not the API key");
        }
        this.clientUrl = context.clientUrl();
        this.metadataPrefix = "{\"livekitUrl\":\""
                + new String(JsonStringEncoder.getInstance().quoteAsString(clientUrl)) + "\",\"roles\":[";
        this.names = context.stores().participantNames();
    }

    /**
     * Checks a token lifetime.
     *
     * @param tokenTtl the lifetime
     * @return the lifetime
     * @throws IllegalArgumentException if not positive or above {@link #MAX_TOKEN_TTL}
     */
    public static Duration checkTokenTtl(Duration tokenTtl) {
        Objects.requireNonNull(tokenTtl, "tokenTtl");
        if (tokenTtl.isNegative()
                || tokenTtl.compareTo(Duration.ofSeconds(1)) < 0
                || tokenTtl.compareTo(MAX_TOKEN_TTL) > 0) {
            throw new IllegalArgumentException(
                    "tokenTtl must be between 1 second and " + MAX_TOKEN_TTL + ": " + tokenTtl);
        }
        return tokenTtl;
    }

    /** Returns the role policy. */
    public RolePolicy rolePolicy() {
        return roles;
    }

    /** Returns the lifetime of issued tokens. */
    public Duration tokenTtl() {
        return tokenTtl;
    }

    // ---------------------------------------------------------------- issue

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
    public ParticipantToken issue(UUID meetingId, TokenRequest request) {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(request, "request");
        Instant now = context.now();

        List<Violation> violations = new ArrayList<>(0);
        String displayName =
                request.displayName() == null ? null : ParticipantInput.displayName(request.displayName(), violations);
        String identity = request.identity();
        if (identity != null) {
            ParticipantInput.identity(identity, violations);
        }
        if (!request.attributes().isEmpty()) {
            ParticipantInput.attributes(request.attributes(), violations);
        }
        ParticipantRole named = null;
        if (request.role() != null && request.secret() != null) {
            violations.add(new Violation("role", "must not be combined with a secret: give one of the two"));
        } else if (request.role() == null && request.secret() == null) {
            violations.add(new Violation("role", "is required unless a secret is given"));
        } else if (request.role() != null) {
            named = roles.find(request.role()).orElse(null);
            if (named == null) {
                violations.add(new Violation("role", unknownRole(request.role())));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations, null);
        }

        Meeting meeting = openMeeting(meetingId);
        ParticipantRole role = named != null ? named : roleForSecret(meeting, Objects.requireNonNull(request.secret()));
        List<ParticipantRole> held = heldRoles(meeting, request.previousToken(), role);
        String metadata = metadata(held, role, meeting);
        ParticipantRole effective = role.in(meeting.settings());

        if (displayName == null) {
            Instant exp = expiry(now);
            String token = sign(
                    identity, null, meeting.roomName(), false, effective, metadata, request.attributes(), now, exp);
            return new ParticipantToken(
                    token, clientUrl, meeting.id(), meeting.roomName(), identity, null, effective, exp);
        }

        ensureRoom(meeting, now);
        NameReservation reservation =
                names.reserve(meeting.id(), displayName, identity, role.name(), now, now.plus(reservationTtl));
        try {
            Instant exp = expiry(now);
            String token = sign(
                    reservation.identity(),
                    reservation.displayName(),
                    meeting.roomName(),
                    true,
                    effective,
                    metadata,
                    request.attributes(),
                    now,
                    exp);
            if (log.isDebugEnabled()) { // three arguments: skip the varargs array on the hot path
                log.debug(
                        "Issued a {} token for '{}' in meeting {}",
                        role.name(),
                        reservation.displayName(),
                        meeting.id());
            }
            return new ParticipantToken(
                    token,
                    clientUrl,
                    meeting.id(),
                    meeting.roomName(),
                    reservation.identity(),
                    reservation.displayName(),
                    effective,
                    exp);
        } catch (RuntimeException | Error e) {
            releaseQuietly(meeting.id(), reservation.identity(), e);
            throw e;
        }
    }

    // ---------------------------------------------------------------- refresh

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
    public ParticipantToken refresh(UUID meetingId, String identity) {
        Objects.requireNonNull(meetingId, "meetingId");
        requireIdentity(identity);
        Meeting meeting = openMeeting(meetingId);
        LiveParticipant live;
        try {
            live = context.liveKit().getParticipant(meeting.roomName(), identity);
        } catch (NotFoundException e) {
            throw participantNotFound(meeting, identity, "is not in the meeting's room");
        }
        Instant now = context.now();
        NameReservation reservation = names.findByIdentity(meeting.id(), identity, now)
                .orElseThrow(() -> participantNotFound(meeting, identity, "holds no name reservation"));
        ParticipantRole role = recordedRole(reservation);
        ParticipantRole effective = role.in(meeting.settings());
        String metadata = metadata(List.of(role), role, meeting);
        names.renew(meeting.id(), identity, now, now.plus(reservationTtl));
        Instant exp = expiry(now);
        String token = sign(
                identity,
                reservation.displayName(),
                meeting.roomName(),
                true,
                effective,
                metadata,
                live.attributes(),
                now,
                exp);
        log.debug("Refreshed the {} token of '{}' in meeting {}", role.name(), identity, meeting.id());
        return new ParticipantToken(
                token,
                clientUrl,
                meeting.id(),
                meeting.roomName(),
                identity,
                reservation.displayName(),
                effective,
                exp);
    }

    // ---------------------------------------------------------------- change role

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
    public ParticipantRole changeRole(UUID meetingId, String identity, String role) {
        Objects.requireNonNull(meetingId, "meetingId");
        requireIdentity(identity);
        Objects.requireNonNull(role, "role");
        ParticipantRole next =
                roles.find(role).orElseThrow(() -> new InvalidRequestException("role", unknownRole(role)));
        Meeting meeting = requireMeeting(meetingId);
        Instant now = context.now();
        NameReservation before = names.findByIdentity(meeting.id(), identity, now)
                .orElseThrow(() -> participantNotFound(meeting, identity, "holds no name reservation"));
        ParticipantRole effective = next.in(meeting.settings());
        List<ParticipantRole> held = new ArrayList<>(2);
        roles.find(before.role()).filter(r -> !r.name().equals(next.name())).ifPresent(held::add);
        held.add(next);
        String metadata = metadata(held, next, meeting);

        names.updateRole(meeting.id(), identity, next.name(), now);
        try {
            context.liveKit()
                    .updateParticipant(
                            meeting.roomName(),
                            identity,
                            ParticipantUpdate.builder()
                                    .metadata(metadata)
                                    .permissions(next.liveKit())
                                    .build());
        } catch (RuntimeException e) {
            try {
                names.updateRole(meeting.id(), identity, before.role(), context.now());
            } catch (RuntimeException restore) {
                e.addSuppressed(restore);
            }
            if (e instanceof NotFoundException) {
                throw participantNotFound(meeting, identity, "is not in the meeting's room");
            }
            throw e;
        }
        try {
            context.liveKit()
                    .sendData(
                            meeting.roomName(), roleSignal(identity, effective), List.of(identity), ROLE_UPDATED_TOPIC);
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

    // ---------------------------------------------------------------- verify

    /**
     * Verifies a participant token: HS256 is pinned before any MAC is computed, the signature is compared in
     * constant time, {@code exp} is required, {@code nbf} and {@code exp} are checked with the configured clock skew
     * (60 s by default), and the issuer must be this MeetKit's API key.
     *
     * @param token the compact JWT
     * @return its verified claims
     * @throws TokenRejectedException with the reason; the token is never logged or put into the message
     */
    public ParticipantClaims verify(String token) {
        try {
            JwtClaims claims = jwt.verify(token, context.clock().instant());
            Optional<JsonNode> video = claims.video();
            String room = video.map(v -> v.get("room"))
                    .filter(JsonNode::isTextual)
                    .map(JsonNode::textValue)
                    .orElse(null);
            boolean canJoin =
                    video.map(v -> v.get("roomJoin")).map(JsonNode::asBoolean).orElse(false);
            String metadata = claims.metadata().orElse("");
            String selected = null;
            List<String> held = new ArrayList<>();
            AppPermissions permissions = null;
            JsonNode meta = parseMetadata(metadata);
            if (meta != null && meta.path("selectedRole").isTextual()) {
                selected = meta.get("selectedRole").textValue();
                for (JsonNode r : meta.path("roles")) {
                    if (r.path("role").isTextual()) {
                        String name = r.get("role").textValue();
                        held.add(name);
                        if (name.equals(selected)) {
                            JsonNode p = r.path("permissions");
                            permissions = new AppPermissions(
                                    p.path("canRecord").asBoolean(false),
                                    p.path("canChat").asBoolean(false),
                                    p.path("canChangeVirtualBackground").asBoolean(false));
                        }
                    }
                }
            }
            return new ParticipantClaims(
                    claims.iss(),
                    claims.sub().orElse(null),
                    claims.name().orElse(null),
                    room,
                    canJoin,
                    selected,
                    held,
                    permissions,
                    claims.nbf().isPresent()
                            ? Instant.ofEpochSecond(claims.nbf().getAsLong())
                            : null,
                    Instant.ofEpochSecond(claims.exp()),
                    metadata);
        } catch (JwtRejectedException e) {
            throw TokenRejectedException.from(e);
        }
    }

    // ---------------------------------------------------------------- names

    /**
     * Lists the display names reserved in a meeting now.
     *
     * @param meetingId the meeting
     * @return its live reservations, in no particular order
     */
    public List<NameReservation> reservedNames(UUID meetingId) {
        return names.list(Objects.requireNonNull(meetingId, "meetingId"), context.now());
    }

    /**
     * Releases a participant's name, for example when it left; the name and its number become free again.
     *
     * @param meetingId the meeting
     * @param identity the participant identity
     * @return whether it held a reservation
     */
    public boolean releaseName(UUID meetingId, String identity) {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(identity, "identity");
        return names.release(meetingId, identity);
    }

    // ---------------------------------------------------------------- helpers

    private Meeting requireMeeting(UUID meetingId) {
        return context.stores()
                .meetings()
                .findById(meetingId)
                .orElseThrow(() ->
                        new NotFoundException(NotFoundException.MEETING_NOT_FOUND, "meeting not found: " + meetingId));
    }

    private Meeting openMeeting(UUID meetingId) {
        Meeting meeting = requireMeeting(meetingId);
        if (meeting.status() == MeetingStatus.CLOSED) {
            throw new ConflictException(
                    ConflictException.MEETING_CLOSED,
                    "meeting " + meetingId + " is closed: no tokens are issued until it is reopened");
        }
        return meeting;
    }

    private ParticipantRole roleForSecret(Meeting meeting, String secret) {
        // both comparisons always run, so the time does not tell which secret came close
        boolean moderator = Secrets.constantTimeEquals(secret, meeting.moderatorSecret());
        boolean speaker = Secrets.constantTimeEquals(secret, meeting.speakerSecret());
        if (moderator) {
            return roles.moderator();
        }
        if (speaker) {
            return roles.speaker();
        }
        throw new PermissionDeniedException(
                PermissionDeniedException.PERMISSION_DENIED,
                "the secret is not a role secret of meeting " + meeting.id());
    }

    private List<ParticipantRole> heldRoles(Meeting meeting, @Nullable String previousToken, ParticipantRole selected) {
        if (previousToken == null) {
            return List.of(selected);
        }
        ParticipantClaims previous = verify(previousToken);
        if (!meeting.roomName().equals(previous.room())) {
            throw new InvalidRequestException("previousToken", "is not a token of meeting " + meeting.id());
        }
        List<ParticipantRole> held = new ArrayList<>(previous.roles().size() + 1);
        for (String name : previous.roles()) {
            roles.find(name)
                    .filter(r -> !held.contains(r) && !r.equals(selected))
                    .ifPresent(held::add);
        }
        held.add(selected);
        return held;
    }

    private ParticipantRole recordedRole(NameReservation reservation) {
        return roles.find(reservation.role())
                .orElseThrow(() -> new ConflictException(
                        ROLE_UNKNOWN,
                        "the recorded role " + ParticipantInput.describe(reservation.role()) + " of '"
                                + reservation.identity() + "' is not in the role policy"));
    }

    /** Creates the LiveKit room unless it is known to exist; concurrent joins of a cold room share one CreateRoom. */
    private void ensureRoom(Meeting meeting, Instant now) {
        String room = meeting.roomName();
        KnownRooms known = context.knownRooms();
        if (known.confirmedSince(room, now.minus(ROOM_RECHECK_INTERVAL))) {
            return;
        }
        CompletableFuture<@Nullable Void> mine = new CompletableFuture<>();
        CompletableFuture<@Nullable Void> running = creating.putIfAbsent(room, mine);
        if (running != null) {
            try {
                running.join();
                return;
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw e;
            }
        }
        try {
            // another join may have created it between our check and our claim
            if (!known.confirmedSince(room, now.minus(ROOM_RECHECK_INTERVAL))) {
                LiveRoom created = context.liveKit()
                        .createRoom(new RoomSpec(
                                room,
                                meeting.settings().emptyTimeout(),
                                meeting.settings().maxParticipants(),
                                "{\"meetkitMeetingId\":\"" + meeting.id() + "\"}"));
                known.remember(room, created.sid(), now);
            }
            mine.complete(null);
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            creating.remove(room, mine);
        }
    }

    private Instant expiry(Instant now) {
        return now.plus(tokenTtl).truncatedTo(ChronoUnit.SECONDS);
    }

    private String sign(
            @Nullable String identity,
            @Nullable String displayName,
            String room,
            boolean join,
            ParticipantRole role,
            String metadata,
            Map<String, String> attributes,
            Instant now,
            Instant exp) {
        return jwt.sign(c -> {
            c.iss(apiKey);
            if (identity != null) {
                c.sub(identity);
            }
            if (displayName != null) {
                c.name(displayName);
            }
            c.nbf(now).exp(exp).metadata(metadata);
            if (!attributes.isEmpty()) {
                c.stringMap("attributes", attributes);
            }
            c.startObject("video")
                    .bool("roomJoin", join)
                    .string("room", room)
                    .bool("canPublish", role.liveKit().canPublish())
                    .bool("canSubscribe", role.liveKit().canSubscribe())
                    .bool("canPublishData", role.liveKit().canPublishData())
                    .bool("canUpdateOwnMetadata", role.liveKit().canUpdateMetadata());
            if (role.liveKit().hidden()) {
                c.bool("hidden", true);
            }
            c.endObject();
        });
    }

    /** OpenVidu Meet's metadata JSON; role names never need escaping, the URL is escaped once. */
    private String metadata(List<ParticipantRole> held, ParticipantRole selected, Meeting meeting) {
        StringBuilder sb = new StringBuilder(metadataPrefix.length() + 120 * held.size() + 32).append(metadataPrefix);
        for (int i = 0; i < held.size(); i++) {
            ParticipantRole r = held.get(i).in(meeting.settings());
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"role\":\"").append(r.name()).append("\",\"permissions\":");
            permissions(sb, r.app());
            sb.append('}');
        }
        return sb.append("],\"selectedRole\":\"")
                .append(selected.name())
                .append("\"}")
                .toString();
    }

    private static void permissions(StringBuilder sb, AppPermissions p) {
        sb.append("{\"canRecord\":")
                .append(p.canRecord())
                .append(",\"canChat\":")
                .append(p.canChat())
                .append(",\"canChangeVirtualBackground\":")
                .append(p.canChangeVirtualBackground())
                .append('}');
    }

    private static byte[] roleSignal(String identity, ParticipantRole role) {
        StringBuilder sb = new StringBuilder(160)
                .append("{\"type\":\"participant_role_updated\",\"identity\":\"")
                .append(JsonStringEncoder.getInstance().quoteAsString(identity))
                .append("\",\"role\":\"")
                .append(role.name())
                .append("\",\"permissions\":");
        permissions(sb, role.app());
        return sb.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static @Nullable JsonNode parseMetadata(String metadata) {
        if (metadata.isEmpty() || metadata.charAt(0) != '{') {
            return null;
        }
        try {
            return JSON.readTree(metadata);
        } catch (IOException e) {
            return null;
        }
    }

    private void releaseQuietly(UUID meetingId, String identity, Throwable failure) {
        try {
            names.release(meetingId, identity);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static void requireIdentity(@Nullable String identity) {
        if (identity == null) {
            throw new InvalidRequestException("identity", "is required");
        }
        List<Violation> violations = new ArrayList<>(0);
        ParticipantInput.identity(identity, violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations, null);
        }
    }

    /** The message for a role name the policy does not know, e.g. {@code must be one of [MODERATOR, SPEAKER]: 'X'}. */
    private String unknownRole(String role) {
        return "must be one of [" + roleNames() + "]: " + ParticipantInput.describe(role);
    }

    private String roleNames() {
        StringBuilder sb = new StringBuilder();
        for (ParticipantRole r : roles.roles()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(r.name());
        }
        return sb.toString();
    }

    private static NotFoundException participantNotFound(Meeting meeting, String identity, String why) {
        return new NotFoundException(
                NotFoundException.PARTICIPANT_NOT_FOUND,
                "participant '" + identity + "' " + why + " (meeting " + meeting.id() + ")");
    }
}
