package io.meetkit.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.meetkit.testkit.FakeParticipant;
import io.meetkit.testkit.FakeTrack;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.ParticipantPermission;
import livekit.LivekitRoom.CreateRoomRequest;
import livekit.LivekitRoom.RoomConfiguration;

/**
 * Turns a participant's access token into a join, with the checks of LiveKit's join path, in its order:
 * the token ({@code pkg/service/auth.go} {@code APIKeyAuthMiddleware}: 401 "invalid authorization token", "invalid
 * API key", "invalid authorization token: …"), then {@code pkg/service/utils.go} {@code ValidateConnectRequest}: a
 * {@code video} grant (401 "no permissions to access the room"), {@code roomJoin} (401 "permissions denied"), an
 * identity (400 "identity cannot be empty"), a room (400 "no room name"). The token's {@code roomConfig} claim
 * ({@code livekit/protocol} {@code auth/grants.go} {@code ClaimGrants.RoomConfig}, protojson of
 * {@code livekit.RoomConfiguration}, either spelling; unknown fields are discarded as {@code utils/protojson}
 * {@code Unmarshal} does since protocol #1536 "ensure we don't reject tokens with unknown fields", a value of the
 * wrong type is refused) becomes the CreateRoom request for a missing room ({@code utils.go}
 * {@code SetRoomConfiguration}). Stateless.
 */
public final class ClientJoin {

    private static final JsonFormat.Parser ROOM_CONFIG = JsonFormat.parser().ignoringUnknownFields();

    /**
     * A validated join.
     *
     * @param createRoom  the room to join, and to create from the token's {@code roomConfig} if missing
     * @param roomCreate  whether the token may create rooms ({@code roomCreate}: allowed even with auto-create off)
     * @param participant who joins
     */
    public record Validated(CreateRoomRequest createRoom, boolean roomCreate, FakeParticipant participant) {}

    private ClientJoin() {}

    /**
     * Verifies a token and reads the join it asks for.
     *
     * @param token     the participant's JWT
     * @param apiKey    the server's API key
     * @param apiSecret the server's secret
     * @param now       the current time
     * @param leeway    the clock skew allowed
     * @param tracks    tracks the participant publishes on joining
     * @return the join
     * @throws LiveKitState.JoinRefused with LiveKit's status and message
     */
    public static Validated validate(
            String token, String apiKey, String apiSecret, Instant now, Duration leeway, List<FakeTrack> tracks) {
        String issuer = TwirpHttpHandler.unverifiedIssuer(token);
        if (issuer == null) {
            throw new LiveKitState.JoinRefused(401, "invalid authorization token");
        }
        if (!issuer.equals(apiKey)) {
            throw new LiveKitState.JoinRefused(401, "invalid API key");
        }
        JsonNode claims;
        try {
            claims = IndependentJwtCodec.verify(token, apiSecret, apiKey, now, leeway);
        } catch (IndependentJwtCodec.InvalidTokenException e) {
            throw new LiveKitState.JoinRefused(401, "invalid authorization token: " + e.getMessage());
        }
        CreateRoomRequest.Builder create = CreateRoomRequest.newBuilder();
        JsonNode roomConfig = claims.get("roomConfig");
        if (roomConfig != null && !roomConfig.isNull()) {
            RoomConfiguration.Builder conf = RoomConfiguration.newBuilder();
            try {
                ROOM_CONFIG.merge(roomConfig.toString(), conf);
            } catch (InvalidProtocolBufferException e) {
                throw new LiveKitState.JoinRefused(
                        401, "invalid authorization token: token is malformed: roomConfig: " + e.getMessage());
            }
            create.setEmptyTimeout(conf.getEmptyTimeout())
                    .setDepartureTimeout(conf.getDepartureTimeout())
                    .setMaxParticipants(conf.getMaxParticipants())
                    .setMetadata(conf.getMetadata());
        }
        JsonNode video = claims.get("video");
        if (video == null || !video.isObject()) {
            throw new LiveKitState.JoinRefused(401, "no permissions to access the room");
        }
        if (!video.path("roomJoin").asBoolean(false)) {
            throw new LiveKitState.JoinRefused(401, "permissions denied");
        }
        String identity = claims.path("sub").asText("");
        if (identity.isEmpty()) {
            identity = claims.path("jti").asText("");
        }
        if (identity.isEmpty()) {
            throw new LiveKitState.JoinRefused(400, "identity cannot be empty");
        }
        String room = video.path("room").asText("");
        if (room.isEmpty()) {
            throw new LiveKitState.JoinRefused(400, "no room name");
        }
        create.setName(room);

        FakeParticipant.Builder p = FakeParticipant.builder(identity)
                .name(claims.path("name").asText(""))
                .metadata(claims.path("metadata").asText(""))
                .kind(kind(claims.path("kind").asText("")))
                .permission(permission(video))
                .tracks(tracks.toArray(new FakeTrack[0]));
        JsonNode attributes = claims.get("attributes");
        if (attributes != null && attributes.isObject()) {
            for (Map.Entry<String, JsonNode> a : attributes.properties()) {
                p.attribute(a.getKey(), a.getValue().asText(""));
            }
        }
        return new Validated(create.build(), video.path("roomCreate").asBoolean(false), p.build());
    }

    /** {@code auth/grants.go} {@code kindToProto}: "" and unknown kinds are STANDARD. */
    static ParticipantInfo.Kind kind(String kind) {
        switch (kind.toLowerCase(Locale.ROOT)) {
            case "ingress":
                return ParticipantInfo.Kind.INGRESS;
            case "egress":
                return ParticipantInfo.Kind.EGRESS;
            case "sip":
                return ParticipantInfo.Kind.SIP;
            case "agent":
                return ParticipantInfo.Kind.AGENT;
            default:
                return ParticipantInfo.Kind.STANDARD;
        }
    }

    /** {@code auth/grants.go} {@code VideoGrant.ToPermission}: publish, subscribe and data default to true. */
    @SuppressWarnings("deprecation") // ParticipantPermission.recorder is deprecated, but grants still carry it
    private static ParticipantPermission permission(JsonNode video) {
        ParticipantPermission.Builder b = ParticipantPermission.newBuilder();
        // auth/grants.go VideoGrant.GetCanPublishSources: lower-case source names, unknown ones left out
        for (JsonNode source : video.path("canPublishSources")) {
            switch (source.asText()) {
                case "camera" -> b.addCanPublishSources(livekit.LivekitModels.TrackSource.CAMERA);
                case "microphone" -> b.addCanPublishSources(livekit.LivekitModels.TrackSource.MICROPHONE);
                case "screen_share" -> b.addCanPublishSources(livekit.LivekitModels.TrackSource.SCREEN_SHARE);
                case "screen_share_audio" ->
                    b.addCanPublishSources(livekit.LivekitModels.TrackSource.SCREEN_SHARE_AUDIO);
                default -> {}
            }
        }
        return b.setCanPublish(video.path("canPublish").asBoolean(true))
                .setCanSubscribe(video.path("canSubscribe").asBoolean(true))
                .setCanPublishData(video.path("canPublishData").asBoolean(true))
                .setCanUpdateMetadata(video.path("canUpdateOwnMetadata").asBoolean(false))
                .setHidden(video.path("hidden").asBoolean(false))
                .setRecorder(video.path("recorder").asBoolean(false))
                .build();
    }
}
