package io.meetkit.internal.participant;

import io.meetkit.ConflictException;
import io.meetkit.InvalidRequestException;
import io.meetkit.InvalidRequestException.Violation;
import io.meetkit.MeetingException;
import io.meetkit.NotFoundException;
import io.meetkit.PermissionDeniedException;
import io.meetkit.internal.MeetKitContext;
import io.meetkit.internal.Secrets;
import io.meetkit.internal.jwt.Hs256Jwt;
import io.meetkit.internal.jwt.JwtRejectedException;
import io.meetkit.meeting.LiveParticipant;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.meeting.ParticipantUpdate;
import io.meetkit.participant.ParticipantClaims;
import io.meetkit.participant.ParticipantInput;
import io.meetkit.participant.ParticipantRole;
import io.meetkit.participant.ParticipantToken;
import io.meetkit.participant.ParticipantTokens;
import io.meetkit.participant.RolePolicy;
import io.meetkit.participant.TokenRequest;
import io.meetkit.store.NameReservation;
import io.meetkit.store.ParticipantNameStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The implementation of {@link ParticipantTokens}, built by {@code MeetKit}. Thread-safe. Not API. */
public final class ParticipantTokensImpl implements ParticipantTokens {

    private static final Logger log = LoggerFactory.getLogger(ParticipantTokensImpl.class);

    private final MeetKitContext context;
    private final Hs256Jwt jwt;
    private final RolePolicy roles;
    private final Duration tokenTtl;
    private final Duration reservationTtl;
    private final String apiKey;
    private final String clientUrl;
    private final ParticipantNameStore names;
    private final TokenMetadata tokenMetadata;
    private final RoomCreation rooms;

    /**
     * Creates the service. Applications get it from {@link io.meetkit.MeetKit#tokens()}.
     *
     * @param context MeetKit's shared context
     * @param jwt the signer and verifier for the API key and secret
     * @param roles the role policy
     * @param tokenTtl the lifetime of issued tokens
     * @throws IllegalArgumentException if {@code tokenTtl} is not positive or above {@link #MAX_TOKEN_TTL}
     */
    public ParticipantTokensImpl(MeetKitContext context, Hs256Jwt jwt, RolePolicy roles, Duration tokenTtl) {
        this.context = Objects.requireNonNull(context, "context");
        this.jwt = Objects.requireNonNull(jwt, "jwt");
        this.roles = Objects.requireNonNull(roles, "roles");
        this.tokenTtl = ParticipantTokens.checkTokenTtl(tokenTtl);
        this.reservationTtl = tokenTtl.plus(RESERVATION_MARGIN);
        this.apiKey = context.apiKey();
        this.clientUrl = context.clientUrl();
        this.tokenMetadata = new TokenMetadata(clientUrl);
        this.rooms = new RoomCreation(context);
        this.names = context.stores().participantNames();
    }

    @Override
    public RolePolicy rolePolicy() {
        return roles;
    }

    @Override
    public Duration tokenTtl() {
        return tokenTtl;
    }

    // ---------------------------------------------------------------- issue

    @Override
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
        String metadata = tokenMetadata.write(held, role, meeting);
        ParticipantRole effective = role.in(meeting.settings());

        if (displayName == null) {
            Instant exp = expiry(now);
            String token = sign(
                    identity, null, meeting.roomName(), false, effective, metadata, request.attributes(), now, exp);
            return issued(token, meeting, identity, null, effective, exp);
        }

        rooms.ensureRoom(meeting, now);
        NameReservation reservation =
                names.reserve(meeting.id(), displayName, identity, role.name(), now, now.plus(reservationTtl));
        try {
            recheckAfterReserving(meeting);
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
            return issued(token, meeting, reservation.identity(), reservation.displayName(), effective, exp);
        } catch (RuntimeException | Error e) {
            releaseQuietly(meeting.id(), reservation.identity(), e);
            throw e;
        }
    }

    // ---------------------------------------------------------------- refresh

    @Override
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
        String metadata = tokenMetadata.write(List.of(role), role, meeting);
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
        return issued(token, meeting, identity, reservation.displayName(), effective, exp);
    }

    /** The token handed out, counted by the observer: every issued token passes here. */
    private ParticipantToken issued(
            String token,
            Meeting meeting,
            @Nullable String identity,
            @Nullable String displayName,
            ParticipantRole effective,
            Instant exp) {
        context.observer().tokenIssued(effective.name());
        return new ParticipantToken(
                token, clientUrl, meeting.id(), meeting.roomName(), identity, displayName, effective, exp);
    }

    // ---------------------------------------------------------------- change role

    @Override
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
        String metadata = tokenMetadata.write(held, next, meeting);

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
                            meeting.roomName(),
                            TokenMetadata.roleSignal(identity, effective),
                            List.of(identity),
                            ROLE_UPDATED_TOPIC);
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

    @Override
    public ParticipantClaims verify(String token) {
        try {
            return TokenMetadata.claims(jwt.verify(token, context.clock().instant()));
        } catch (JwtRejectedException e) {
            throw TokenRejections.tokenRejected(e);
        }
    }

    // ---------------------------------------------------------------- names

    @Override
    public List<NameReservation> reservedNames(UUID meetingId) {
        return names.list(Objects.requireNonNull(meetingId, "meetingId"), context.now());
    }

    @Override
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

    /**
     * A deletion (or close) may have won the race since the meeting was read: it removes reservations after the
     * meeting, so a reservation made before it is removed by it and one made after it is released here (by the
     * caller), and a room this issue created for a deleted meeting is removed again.
     */
    private void recheckAfterReserving(Meeting meeting) {
        Optional<Meeting> now = context.stores().meetings().findById(meeting.id());
        if (now.isEmpty()) {
            context.knownRooms().forget(meeting.roomName());
            try {
                context.liveKit().deleteRoom(meeting.roomName());
            } catch (MeetingException e) {
                log.debug(
                        "Room {} of deleted meeting {} not removed: {}",
                        meeting.roomName(),
                        meeting.id(),
                        e.getMessage());
            }
            throw new NotFoundException(NotFoundException.MEETING_NOT_FOUND, "meeting not found: " + meeting.id());
        }
        if (now.get().status() == MeetingStatus.CLOSED) {
            throw new ConflictException(
                    ConflictException.MEETING_CLOSED,
                    "meeting " + meeting.id() + " is closed: no tokens are issued until it is reopened");
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
