package io.meetkit.internal.participant;

import com.fasterxml.jackson.databind.JsonNode;
import io.meetkit.NotFoundException;
import io.meetkit.PermissionDeniedException;
import io.meetkit.internal.MeetKitContext;
import io.meetkit.internal.jwt.Hs256Jwt;
import io.meetkit.internal.jwt.JwtClaims;
import io.meetkit.internal.jwt.JwtRejectedException;
import io.meetkit.meeting.Meeting;
import io.meetkit.participant.ParticipantClaims;
import io.meetkit.participant.ParticipantRole;
import io.meetkit.participant.ParticipantToken;
import io.meetkit.participant.ParticipantTokens;
import io.meetkit.store.NameReservation;
import io.meetkit.store.ParticipantNameStore;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ParticipantTokens#refresh}: the presented token proves the participant, and everything in the new token
 * comes from MeetKit's record: the identity and name of the reservation, the recorded role, and the attributes the
 * application gave at issue (carried in the token MeetKit signed, never read from LiveKit's participant state, which
 * the participant may change). Thread-safe. Not API.
 */
final class TokenRefresh {

    private static final Logger log = LoggerFactory.getLogger(TokenRefresh.class);

    private final MeetKitContext context;
    private final Hs256Jwt jwt;
    private final ParticipantLookups lookups;
    private final TokenSigner signer;
    private final TokenMetadata tokenMetadata;
    private final ParticipantNameStore names;
    private final ParticipantBans bans;
    private final Duration reservationTtl;

    TokenRefresh(
            MeetKitContext context,
            Hs256Jwt jwt,
            ParticipantLookups lookups,
            TokenSigner signer,
            TokenMetadata tokenMetadata,
            ParticipantBans bans,
            Duration reservationTtl) {
        this.context = context;
        this.jwt = jwt;
        this.lookups = lookups;
        this.signer = signer;
        this.tokenMetadata = tokenMetadata;
        this.names = context.stores().participantNames();
        this.bans = bans;
        this.reservationTtl = reservationTtl;
    }

    ParticipantToken refresh(UUID meetingId, String identity, String presentedToken) {
        Meeting meeting = lookups.openMeeting(meetingId);
        Instant now = context.now();
        JwtClaims presented;
        try {
            presented = jwt.verify(presentedToken, now, ParticipantTokens.REFRESH_GRACE);
        } catch (JwtRejectedException e) {
            throw TokenRejections.tokenRejected(e);
        }
        ParticipantClaims claims = TokenMetadata.claims(presented);
        if (!identity.equals(claims.identity()) || !meeting.roomName().equals(claims.room()) || !claims.canJoin()) {
            throw denied("the token is not a token of this identity in meeting " + meeting.id());
        }
        bans.refuseIfBanned(meeting, identity, now);
        NameReservation reservation = names.findByIdentity(meeting.id(), identity, now)
                .orElseThrow(
                        () -> ParticipantLookups.participantNotFound(meeting, identity, "holds no name reservation"));
        long issuedAt =
                claims.notBefore() == null ? Long.MIN_VALUE : claims.notBefore().getEpochSecond();
        if (issuedAt < reservation.reservedAt().getEpochSecond()) {
            throw denied(
                    "the token was issued before the participant's current reservation in meeting " + meeting.id());
        }
        try {
            context.liveKit().getParticipant(meeting.roomName(), identity);
        } catch (NotFoundException e) {
            throw ParticipantLookups.participantNotFound(meeting, identity, "is not in the meeting's room");
        }
        ParticipantRole role = lookups.recordedRole(reservation);
        ParticipantRole effective = role.in(meeting.settings());
        // the join's initial media state, as MeetKit signed it into the presented token, else the meeting's
        String metadata = tokenMetadata.write(
                List.of(role),
                role,
                meeting,
                TokenMetadata.flag(
                        claims.metadata(),
                        "initialAudioEnabled",
                        meeting.settings().initialAudioEnabled()),
                TokenMetadata.flag(
                        claims.metadata(),
                        "initialVideoEnabled",
                        meeting.settings().initialVideoEnabled()));
        names.renew(meeting.id(), identity, now, now.plus(reservationTtl));
        Instant exp = signer.expiry(now);
        String token = signer.sign(
                identity,
                reservation.displayName(),
                meeting,
                true,
                effective,
                metadata,
                attributes(presented),
                now,
                exp);
        log.debug("Refreshed the {} token of '{}' in meeting {}", role.name(), identity, meeting.id());
        return signer.issued(token, meeting, identity, reservation.displayName(), effective, exp);
    }

    /** The attributes MeetKit signed into the presented token, which were the application's at issue. */
    private static Map<String, String> attributes(JwtClaims presented) {
        JsonNode node = presented.claim("attributes").orElse(null);
        if (node == null || !node.isObject()) {
            return Map.of();
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getValue().isTextual()) {
                attributes.put(e.getKey(), e.getValue().textValue());
            }
        }
        return attributes;
    }

    private static PermissionDeniedException denied(String message) {
        return new PermissionDeniedException(PermissionDeniedException.PERMISSION_DENIED, message);
    }
}
