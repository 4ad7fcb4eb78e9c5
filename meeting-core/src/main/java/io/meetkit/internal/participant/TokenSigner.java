package io.meetkit.internal.participant;

import io.meetkit.internal.MeetKitContext;
import io.meetkit.internal.jwt.ClaimsGenerator;
import io.meetkit.internal.jwt.Hs256Jwt;
import io.meetkit.livekit.RoomSpec;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.ParticipantPermissions;
import io.meetkit.participant.ParticipantRole;
import io.meetkit.participant.ParticipantToken;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Signs participant tokens (the claims LiveKit reads) and hands them out, counted by the observer: every token MeetKit
 * issues, at issue and at refresh, passes here. Thread-safe. Not API.
 */
final class TokenSigner {

    private final MeetKitContext context;
    private final Hs256Jwt jwt;
    private final Duration tokenTtl;
    private final String apiKey;
    private final String clientUrl;

    TokenSigner(MeetKitContext context, Hs256Jwt jwt, Duration tokenTtl) {
        this.context = context;
        this.jwt = jwt;
        this.tokenTtl = tokenTtl;
        this.apiKey = context.apiKey();
        this.clientUrl = context.clientUrl();
    }

    String clientUrl() {
        return clientUrl;
    }

    /** When a token issued now expires, whole seconds as JWT dates are. */
    Instant expiry(Instant now) {
        return now.plus(tokenTtl).truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * Signs a participant token for the meeting's room. A token that can join ({@code join}) carries LiveKit's
     * {@code roomConfig} claim built from the meeting's settings ({@link RoomConfig}), so that LiveKit creates a
     * missing room with them on the join ({@code livekit/protocol} {@code auth/grants.go}
     * {@code ClaimGrants.RoomConfig}: {@code livekit.RoomConfiguration} as protojson, camelCase names, zero values
     * left out as protojson leaves them out; read by {@code livekit/livekit} {@code pkg/service/utils.go}
     * {@code ValidateConnectRequest} / {@code SetRoomConfiguration}).
     */
    String sign(
            @Nullable String identity,
            @Nullable String displayName,
            Meeting meeting,
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
            ParticipantPermissions grants = role.grants();
            c.startObject("video")
                    .bool("roomJoin", join)
                    .string("room", meeting.roomName())
                    .bool("canPublish", grants.canPublish())
                    .bool("canSubscribe", grants.canSubscribe())
                    .bool("canPublishData", grants.canPublishData())
                    .bool("canUpdateOwnMetadata", grants.canUpdateMetadata());
            if (grants.canPublish() && !grants.canPublishSources().isEmpty()) {
                List<String> sources = new ArrayList<>(4);
                grants.canPublishSources().forEach(source -> sources.add(source.grantName()));
                c.stringArray("canPublishSources", sources);
            }
            if (grants.hidden()) {
                c.bool("hidden", true);
            }
            c.endObject();
            if (join) {
                roomConfig(c, RoomConfig.of(meeting));
            }
        });
    }

    private static void roomConfig(ClaimsGenerator c, RoomSpec room) {
        c.startObject("roomConfig").string("name", room.name());
        long emptyTimeout = room.emptyTimeout().getSeconds();
        if (emptyTimeout > 0) {
            c.number("emptyTimeout", emptyTimeout);
        }
        long departureTimeout = room.departureTimeout().getSeconds();
        if (departureTimeout > 0) {
            c.number("departureTimeout", departureTimeout);
        }
        if (room.maxParticipants() > 0) {
            c.number("maxParticipants", room.maxParticipants());
        }
        c.string("metadata", room.metadata());
        c.endObject();
    }

    /** The token handed out, counted by the observer. */
    ParticipantToken issued(
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
}
