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
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.meeting.Permission;
import io.meetkit.participant.ParticipantClaims;
import io.meetkit.participant.ParticipantInput;
import io.meetkit.participant.ParticipantRole;
import io.meetkit.participant.ParticipantToken;
import io.meetkit.participant.ParticipantTokens;
import io.meetkit.participant.RolePolicy;
import io.meetkit.participant.TokenRequest;
import io.meetkit.store.NameReservation;
import io.meetkit.store.ParticipantNameStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    private final ParticipantNameStore names;
    private final TokenMetadata tokenMetadata;
    /** Null unless issuing a join token creates the room ({@code createRoomsOnJoin}). */
    private final @Nullable RoomCreation rooms;

    private final ParticipantLookups lookups;
    private final TokenSigner signer;
    private final Identities identities;
    private final ParticipantBans bans;
    private final TokenRefresh refresh;
    private final RoleChange roleChange;

    /**
     * Creates the service. Applications get it from {@link io.meetkit.MeetKit#tokens()}.
     *
     * @param context MeetKit's shared context
     * @param jwt the signer and verifier for the API key and secret
     * @param roles the role policy
     * @param tokenTtl the lifetime of issued tokens
     * @param bans the kick bans, shared with the meetings component and the webhook handler
     * @param createRoomsOnJoin whether a join token's issue creates the LiveKit room first (for a LiveKit that does
     *     not create rooms on join); otherwise issue makes no LiveKit call and LiveKit creates the room on the first
     *     join from the token's {@code roomConfig}
     * @throws IllegalArgumentException if {@code tokenTtl} is not positive or above {@link #MAX_TOKEN_TTL}
     */
    public ParticipantTokensImpl(
            MeetKitContext context,
            Hs256Jwt jwt,
            RolePolicy roles,
            Duration tokenTtl,
            ParticipantBans bans,
            boolean createRoomsOnJoin) {
        this.context = Objects.requireNonNull(context, "context");
        this.jwt = Objects.requireNonNull(jwt, "jwt");
        this.roles = Objects.requireNonNull(roles, "roles");
        this.tokenTtl = ParticipantTokens.checkTokenTtl(tokenTtl);
        this.bans = Objects.requireNonNull(bans, "bans");
        this.reservationTtl = tokenTtl.plus(RESERVATION_MARGIN);
        this.tokenMetadata = new TokenMetadata(context.clientUrl());
        this.rooms = createRoomsOnJoin ? new RoomCreation(context) : null;
        this.names = context.stores().participantNames();
        this.lookups = new ParticipantLookups(context, roles);
        this.signer = new TokenSigner(context, jwt, tokenTtl);
        this.identities = new Identities(new SecureRandom());
        this.refresh = new TokenRefresh(context, jwt, lookups, signer, tokenMetadata, bans, reservationTtl);
        this.roleChange = new RoleChange(context, roles, lookups, tokenMetadata);
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
                violations.add(new Violation("role", lookups.unknownRole(request.role())));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations, null);
        }

        Meeting meeting = lookups.openMeeting(meetingId);
        if (identity != null) {
            bans.refuseIfBanned(meeting, identity, now);
        }
        ParticipantRole role = named != null ? named : roleForSecret(meeting, Objects.requireNonNull(request.secret()));
        List<ParticipantRole> held = heldRoles(meeting, request.previousToken(), role);
        String metadata = tokenMetadata.write(
                held,
                role,
                meeting,
                request.initialAudioEnabled() != null
                        ? request.initialAudioEnabled()
                        : meeting.settings().initialAudioEnabled(),
                request.initialVideoEnabled() != null
                        ? request.initialVideoEnabled()
                        : meeting.settings().initialVideoEnabled());
        ParticipantRole effective = role.in(meeting.settings());
        if (displayName != null && !effective.permissions().contains(Permission.MEETING_JOIN)) {
            throw new PermissionDeniedException(
                    PermissionDeniedException.PERMISSION_DENIED,
                    "role " + role.name() + " may not join meeting " + meeting.id() + " (no meetingJoin permission)");
        }

        if (displayName == null) {
            Instant exp = signer.expiry(now);
            String token =
                    signer.sign(identity, null, meeting, false, effective, metadata, request.attributes(), now, exp);
            return signer.issued(token, meeting, identity, null, effective, exp);
        }

        if (rooms != null) {
            rooms.ensureRoom(meeting, now);
        }
        // an identity MeetKit makes is new every time, so an old token never names a later participant
        String holder = identity != null ? identity : identities.generate(displayName);
        NameReservation reservation =
                names.reserve(meeting.id(), displayName, holder, role.name(), now, now.plus(reservationTtl));
        try {
            recheckAfterReserving(meeting);
            Instant exp = signer.expiry(now);
            String token = signer.sign(
                    reservation.identity(),
                    reservation.displayName(),
                    meeting,
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
            return signer.issued(token, meeting, reservation.identity(), reservation.displayName(), effective, exp);
        } catch (RuntimeException | Error e) {
            releaseQuietly(meeting.id(), reservation.identity(), e);
            throw e;
        }
    }

    // ---------------------------------------------------------------- refresh

    @Override
    public ParticipantToken refresh(UUID meetingId, String identity, String presentedToken) {
        Objects.requireNonNull(meetingId, "meetingId");
        ParticipantLookups.requireIdentity(identity);
        return refresh.refresh(meetingId, identity, presentedToken);
    }

    // ---------------------------------------------------------------- change role

    @Override
    public ParticipantRole changeRole(UUID meetingId, String identity, String role) {
        Objects.requireNonNull(meetingId, "meetingId");
        ParticipantLookups.requireIdentity(identity);
        Objects.requireNonNull(role, "role");
        return roleChange.changeRole(meetingId, identity, role);
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

    /**
     * A deletion (or close) may have won the race since the meeting was read: it removes reservations after the
     * meeting, so a reservation made before it is removed by it and one made after it is released here (by the
     * caller), and a room this issue created for a deleted meeting ({@code createRoomsOnJoin}) is removed again.
     * Without explicit creation the issue created nothing in LiveKit, and the token it would have handed out is
     * never handed out.
     */
    private void recheckAfterReserving(Meeting meeting) {
        Optional<Meeting> now = context.stores().meetings().findById(meeting.id());
        if (now.isEmpty()) {
            if (rooms == null) {
                throw new NotFoundException(NotFoundException.MEETING_NOT_FOUND, "meeting not found: " + meeting.id());
            }
            rooms.forget(meeting.roomName());
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
}
