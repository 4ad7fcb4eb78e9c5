package io.meetkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import livekit.LivekitEgress.ListEgressRequest;
import livekit.LivekitModels.Codec;
import livekit.LivekitModels.Room;
import livekit.LivekitRoom.CreateRoomRequest;
import livekit.LivekitRoom.DeleteRoomRequest;
import livekit.LivekitRoom.ListRoomsRequest;
import livekit.LivekitRoom.MuteRoomTrackRequest;
import livekit.LivekitRoom.RoomParticipantIdentity;
import livekit.LivekitRoom.SendDataRequest;
import livekit.LivekitRoom.UpdateSubscriptionsRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * LiveKit's server API behaviours that MeetKit relies on and that the fake must reproduce, stated once and run
 * against two targets: the in-build {@link FakeLiveKitServer} (default), or a real LiveKit when
 * {@code LIVEKIT_URL}, {@code LIVEKIT_API_KEY} and {@code LIVEKIT_API_SECRET} are set (a LiveKit with its default
 * room configuration and an egress service, e.g. {@code livekit-server --dev} with Redis and livekit/egress):
 *
 * <pre>
 * LIVEKIT_URL=http://127.0.0.1:7880 LIVEKIT_API_KEY=devkey LIVEKIT_API_SECRET=secret \
 *   ./mvnw -B -ntp -pl meeting-testkit -am verify -Dtest=LiveKitConformanceTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * It never skips: setting only some of the variables fails. Only behaviours reachable through the server API are
 * here (a real LiveKit's participants need a WebRTC client); joins, egress participants and webhooks are stated
 * against the fake in {@link FakeLiveKitJoinTest} and {@link FakeLiveKitEgressAsLiveKitTest}. Rooms it creates are
 * named {@code conformance-<random>-…} and deleted afterwards.
 */
class LiveKitConformanceTest {

    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static final String RUN = "conformance-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
    static final List<String> createdRooms = new ArrayList<>();

    static FakeLiveKitServer fake;
    static String url;
    static String apiKey;
    static String apiSecret;

    @BeforeAll
    static void target() {
        String envUrl = System.getenv("LIVEKIT_URL");
        String envKey = System.getenv("LIVEKIT_API_KEY");
        String envSecret = System.getenv("LIVEKIT_API_SECRET");
        int set = (envUrl != null ? 1 : 0) + (envKey != null ? 1 : 0) + (envSecret != null ? 1 : 0);
        if (set == 3) {
            url = envUrl.replaceFirst("^ws", "http").replaceFirst("/+$", "");
            apiKey = envKey;
            apiSecret = envSecret;
            System.out.println("LiveKitConformanceTest against " + url);
            return;
        }
        if (set != 0) {
            throw new IllegalStateException("set all of LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET to run "
                    + "against a real LiveKit, or none to run against the fake (got " + set + " of 3)");
        }
        fake = FakeLiveKitServer.builder()
                .apiKey("conformance")
                .apiSecret("conformance-secret-0123456789abcdef")
                .build()
                .start();
        url = fake.url();
        apiKey = fake.apiKey();
        apiSecret = fake.apiSecret();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try {
            for (String room : createdRooms) {
                proto(
                        "livekit.RoomService/DeleteRoom",
                        DeleteRoomRequest.newBuilder().setRoom(room).build(),
                        create());
            }
        } finally {
            if (fake != null) {
                fake.close();
            }
        }
    }

    // ------------------------------------------------------------------ rooms

    @Test
    @DisplayName("CreateRoom applies LiveKit's default timeouts and enabled codecs "
            + "(pkg/config/config.go DefaultConfig, pkg/service/roomallocator.go applyDefaultRoomConfig)")
    void createRoomAppliesDefaults() throws Exception {
        Room room = Room.parseFrom(createRoom("defaults").body());

        assertThat(room.getSid()).startsWith("RM_");
        assertThat(room.getEmptyTimeout()).isEqualTo(300);
        assertThat(room.getDepartureTimeout()).isEqualTo(20);
        assertThat(room.getEnabledCodecsList())
                .extracting(Codec::getMime)
                .contains("audio/opus", "video/VP8", "video/H264");
    }

    @Test
    @DisplayName("JSON answers are protojson with proto names and every field (twirp's generated server: "
            + "UseProtoNames, EmitUnpopulated)")
    void jsonAnswersUseProtoNamesAndEmitEveryField() throws Exception {
        String name = room("json");
        HttpResponse<String> response =
                json("livekit.RoomService/CreateRoom", "{\"name\":\"" + name + "\",\"emptyTimeout\":120}", create());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode room = TestJwts.JSON.readTree(response.body());
        assertThat(room.path("empty_timeout").asInt())
                .as("a camelCase request is accepted")
                .isEqualTo(120);
        assertThat(room.has("emptyTimeout")).isFalse();
        assertThat(room.path("num_participants").isNumber()).isTrue();
        assertThat(room.path("active_recording").isBoolean()).isTrue();
        assertThat(room.path("creation_time").isTextual())
                .as("int64 as a string")
                .isTrue();
        assertThat(room.path("enabled_codecs").isArray()).isTrue();
    }

    @Test
    @DisplayName("RemoveParticipant of an unknown participant is 404 \"participant does not exist\" "
            + "(pkg/service/roomservice.go RemoveParticipant, HasParticipant)")
    void removeUnknownParticipantIsNotFound() throws Exception {
        String name = room("remove");
        createRoom("remove");

        HttpResponse<byte[]> response = proto(
                "livekit.RoomService/RemoveParticipant",
                RoomParticipantIdentity.newBuilder()
                        .setRoom(name)
                        .setIdentity("nobody")
                        .build(),
                admin(name));

        assertTwirpError(response, 404, "not_found", "participant does not exist");
    }

    @Test
    @DisplayName("MutePublishedTrack of an unknown participant is 503: routed to the participant's node, nobody "
            + "answers (pkg/service/roomservice.go MutePublishedTrack, livekit/psrpc ErrNoResponse)")
    void muteOfUnknownParticipantIsUnavailable() throws Exception {
        String name = room("mute");
        createRoom("mute");

        HttpResponse<byte[]> response = proto(
                "livekit.RoomService/MutePublishedTrack",
                MuteRoomTrackRequest.newBuilder()
                        .setRoom(name)
                        .setIdentity("nobody")
                        .setTrackSid("TR_nope")
                        .setMuted(true)
                        .build(),
                admin(name));

        assertTwirpError(response, 503, "unavailable", null);
    }

    @Test
    @DisplayName("UpdateSubscriptions of an unknown participant is 503 (roomservice.go UpdateSubscriptions routes "
            + "without a lookup)")
    void updateSubscriptionsOfUnknownParticipantIsUnavailable() throws Exception {
        String name = room("subs");
        createRoom("subs");

        HttpResponse<byte[]> response = proto(
                "livekit.RoomService/UpdateSubscriptions",
                UpdateSubscriptionsRequest.newBuilder()
                        .setRoom(name)
                        .setIdentity("nobody")
                        .addTrackSids("TR_nope")
                        .setSubscribe(true)
                        .build(),
                admin(name));

        assertTwirpError(response, 503, "unavailable", null);
    }

    @Test
    @DisplayName("SendData to an unknown room is 503 (roomservice.go SendData routes to the room without a lookup)")
    void sendDataToUnknownRoomIsUnavailable() throws Exception {
        String name = room("nosuchroom");

        HttpResponse<byte[]> response = proto(
                "livekit.RoomService/SendData",
                SendDataRequest.newBuilder()
                        .setRoom(name)
                        .setData(com.google.protobuf.ByteString.copyFromUtf8("hi"))
                        .build(),
                admin(name));

        assertTwirpError(response, 503, "unavailable", null);
    }

    // ------------------------------------------------------------------ egress

    @Test
    @DisplayName("ListEgress with an unknown egress id is 404 \"egress does not exist\" "
            + "(pkg/service/ioservice.go ListEgress)")
    void listEgressOfUnknownIdIsNotFound() throws Exception {
        HttpResponse<byte[]> response = proto(
                "livekit.Egress/ListEgress",
                ListEgressRequest.newBuilder().setEgressId("EG_conformance00").build(),
                Map.of("roomRecord", true));

        assertTwirpError(response, 404, "not_found", "egress does not exist");
    }

    // ------------------------------------------------------------------ auth

    @Test
    @DisplayName("401 bodies are the auth middleware's plain text: \"invalid API key\", \"invalid authorization "
            + "token\" (: reason) (pkg/service/auth.go APIKeyAuthMiddleware.ServeHTTP)")
    void unauthorizedBodies() throws Exception {
        ObjectNode otherKey = TestJwts.claims("not-" + apiKey, Map.of("roomList", true));
        ObjectNode good = TestJwts.claims(apiKey, Map.of("roomList", true));

        HttpResponse<byte[]> unknownKey =
                withToken(TestJwts.token("HS256", apiSecret, otherKey), "livekit.RoomService/ListRooms");
        HttpResponse<byte[]> badSignature =
                withToken(TestJwts.token("HS256", apiSecret + "x", good), "livekit.RoomService/ListRooms");
        HttpResponse<byte[]> garbage = withToken("garbage", "livekit.RoomService/ListRooms");

        assertThat(unknownKey.statusCode()).isEqualTo(401);
        assertThat(text(unknownKey)).isEqualTo("invalid API key");
        assertThat(badSignature.statusCode()).isEqualTo(401);
        assertThat(text(badSignature)).startsWith("invalid authorization token: ");
        assertThat(garbage.statusCode()).isEqualTo(401);
        assertThat(text(garbage)).isEqualTo("invalid authorization token");
    }

    @Test
    @DisplayName("a token whose iat is in the future is accepted: LiveKit never checks iat "
            + "(livekit/protocol auth/verifier.go Verify passes no jwt.WithIssuedAt)")
    void futureIatIsAccepted() throws Exception {
        ObjectNode claims = TestJwts.claims(apiKey, Map.of("roomList", true));
        claims.put("iat", Instant.now().plusSeconds(3600).getEpochSecond());

        HttpResponse<byte[]> response =
                withToken(TestJwts.token("HS256", apiSecret, claims), "livekit.RoomService/ListRooms");

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("a missing grant is Twirp unauthenticated \"permissions denied\" (pkg/service/auth.go "
            + "EnsureListPermission, twirpAuthError)")
    void missingGrantIsPermissionsDenied() throws Exception {
        HttpResponse<byte[]> response = proto(
                "livekit.RoomService/ListRooms", ListRoomsRequest.getDefaultInstance(), Map.of("roomCreate", true));

        assertTwirpError(response, 401, "unauthenticated", "permissions denied");
    }

    // ------------------------------------------------------------------ helpers

    private static String room(String suffix) {
        return RUN + "-" + suffix;
    }

    private static HttpResponse<byte[]> createRoom(String suffix) throws Exception {
        String name = room(suffix);
        HttpResponse<byte[]> response = proto(
                "livekit.RoomService/CreateRoom",
                CreateRoomRequest.newBuilder().setName(name).build(),
                create());
        assertThat(response.statusCode())
                .as("CreateRoom %s: %s", name, text(response))
                .isEqualTo(200);
        synchronized (createdRooms) {
            if (!createdRooms.contains(name)) {
                createdRooms.add(name);
            }
        }
        return response;
    }

    private static Map<String, Object> create() {
        return Map.of("roomCreate", true);
    }

    private static Map<String, Object> admin(String room) {
        return Map.of("roomAdmin", true, "room", room);
    }

    private static HttpResponse<byte[]> proto(String path, Message request, Map<String, Object> video)
            throws Exception {
        return TestJwts.twirp(url, apiKey, apiSecret, path, request, video);
    }

    private static HttpResponse<String> json(String path, String body, Map<String, Object> video) throws Exception {
        String token = TestJwts.token("HS256", apiSecret, TestJwts.claims(apiKey, video));
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url + "/twirp/" + path))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> withToken(String token, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url + "/twirp/" + path))
                        .header("Content-Type", "application/protobuf")
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[0]))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static void assertTwirpError(HttpResponse<byte[]> response, int status, String code, String msg)
            throws Exception {
        assertThat(response.statusCode()).as("status; body %s", text(response)).isEqualTo(status);
        JsonNode body = TestJwts.JSON.readTree(response.body());
        assertThat(body.path("code").asText()).isEqualTo(code);
        if (msg != null) {
            assertThat(body.path("msg").asText()).isEqualTo(msg);
        }
    }
}
