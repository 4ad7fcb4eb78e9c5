package io.meetkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests shaped as LiveKit's Node SDK sends them ({@code TwirpRPC.ts}): {@code application/json;charset=UTF-8},
 * camelCase fields, int64 as strings; answers are JSON as LiveKit's Twirp server writes it: protojson with
 * {@code UseProtoNames} and {@code EmitUnpopulated} (twirp's generated {@code livekit_room.twirp.go} server
 * without {@code WithServerJSONSkipDefaults}), so snake_case names and every field present.
 */
class FakeLiveKitServerJsonTest {

    static FakeLiveKitServer livekit;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        livekit = FakeLiveKitServer.builder()
                .apiKey("APIjson")
                .apiSecret("a-secret-that-is-long-enough-0123456789")
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        livekit.close();
    }

    @BeforeEach
    void reset() {
        livekit.reset();
    }

    private HttpResponse<String> post(String service, String method, String json, Map<String, Object> video)
            throws Exception {
        String token = TestJwts.token("HS256", livekit.apiSecret(), TestJwts.claims(livekit.apiKey(), video));
        HttpRequest request = HttpRequest.newBuilder(URI.create(livekit.url() + "/twirp/" + service + "/" + method))
                .header("Content-Type", "application/json;charset=UTF-8")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void createRoomInJsonIsAnsweredInJsonWithInt64AsStrings() throws Exception {
        HttpResponse<String> response = post(
                "livekit.RoomService",
                "CreateRoom",
                "{\"name\":\"standup\",\"emptyTimeout\":600,\"maxParticipants\":5,\"metadata\":\"{}\","
                        + "\"someFutureField\":{\"x\":1}}",
                Map.of("roomCreate", true));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode room = TestJwts.JSON.readTree(response.body());
        assertThat(room.path("sid").asText()).startsWith("RM_");
        assertThat(room.path("name").asText()).isEqualTo("standup");
        assertThat(room.path("empty_timeout").asInt()).isEqualTo(600);
        assertThat(room.path("max_participants").asInt()).isEqualTo(5);
        assertThat(room.path("creation_time").isTextual())
                .as("int64 is a JSON string")
                .isTrue();
        assertThat(Long.parseLong(room.path("creation_time").asText())).isPositive();
        assertThat(room.has("emptyTimeout")).as("no camelCase names").isFalse();
        assertThat(room.path("num_participants").asInt(-1))
                .as("defaults are emitted")
                .isZero();
        assertThat(room.path("active_recording").isBoolean()).isTrue();
        assertThat(room.path("turn_password").isTextual()).isTrue();
        assertThat(room.path("version").isNull())
                .as("an unset message field is null")
                .isTrue();
        assertThat(room.path("enabled_codecs").size()).isPositive();
        assertThat(livekit.requests("CreateRoom"))
                .singleElement()
                .satisfies(r -> assertThat(r.isJson()).isTrue());
    }

    @Test
    void snakeCaseFieldNamesAreAcceptedToo() throws Exception {
        HttpResponse<String> response = post(
                "livekit.RoomService",
                "CreateRoom",
                "{\"name\":\"snake\",\"empty_timeout\":42}",
                Map.of("roomCreate", true));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(livekit.room("snake").orElseThrow().getEmptyTimeout()).isEqualTo(42);
    }

    @Test
    void listParticipantsAndSendDataInJson() throws Exception {
        livekit.joinParticipant("standup", "alice", "Alice", null, FakeTrack.microphone());

        HttpResponse<String> list = post(
                "livekit.RoomService",
                "ListParticipants",
                "{\"room\":\"standup\"}",
                Map.of("roomAdmin", true, "room", "standup"));
        HttpResponse<String> send = post(
                "livekit.RoomService",
                "SendData",
                "{\"room\":\"standup\",\"data\":\"aGVsbG8=\",\"kind\":\"RELIABLE\","
                        + "\"destinationIdentities\":[\"alice\"],\"topic\":\"chat\"}",
                Map.of("roomAdmin", true, "room", "standup"));

        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode participants = TestJwts.JSON.readTree(list.body()).path("participants");
        assertThat(participants).hasSize(1);
        assertThat(participants.get(0).path("identity").asText()).isEqualTo("alice");
        assertThat(participants.get(0).path("state").asText()).isEqualTo("ACTIVE");
        assertThat(participants.get(0).path("joined_at").isTextual()).isTrue();
        assertThat(participants.get(0).path("is_publisher").asBoolean()).isTrue();
        assertThat(participants.get(0).path("tracks").get(0).path("source").asText())
                .isEqualTo("MICROPHONE");
        assertThat(send.statusCode()).isEqualTo(200);
        assertThat(send.body()).isEqualTo("{}");
        assertThat(livekit.sentData()).singleElement().satisfies(d -> {
            assertThat(d.payloadUtf8()).isEqualTo("hello");
            assertThat(d.destinationIdentities()).isEqualTo(List.of("alice"));
            assertThat(d.topic()).isEqualTo("chat");
        });
    }

    @Test
    void errorsAreTwirpJsonEvenForJsonRequests() throws Exception {
        HttpResponse<String> response =
                post("livekit.RoomService", "DeleteRoom", "{\"room\":\"nope\"}", Map.of("roomCreate", true));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = TestJwts.JSON.readTree(response.body());
        assertThat(body.path("code").asText()).isEqualTo("not_found");
        assertThat(body.path("msg").asText()).isEqualTo("requested room does not exist");
    }

    @Test
    void malformedJsonIsMalformed() throws Exception {
        HttpResponse<String> response =
                post("livekit.RoomService", "CreateRoom", "{\"name\":", Map.of("roomCreate", true));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(TestJwts.JSON.readTree(response.body()).path("code").asText())
                .isEqualTo("malformed");
    }

    @Test
    void unknownMethodIsBadRoute() throws Exception {
        HttpResponse<String> response = post("livekit.RoomService", "Teleport", "{}", Map.of("roomCreate", true));

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode body = TestJwts.JSON.readTree(response.body());
        assertThat(body.path("code").asText()).isEqualTo("bad_route");
        assertThat(body.path("msg").asText()).contains("/twirp/livekit.RoomService/Teleport");
    }

    @Test
    void unknownPathAndWrongHttpMethodAndContentTypeAreBadRoute() throws Exception {
        HttpResponse<String> unknownPath = HTTP.send(
                HttpRequest.newBuilder(URI.create(livekit.url() + "/nope"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .header("Content-Type", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> get = HTTP.send(
                HttpRequest.newBuilder(URI.create(livekit.url() + "/twirp/livekit.RoomService/ListRooms"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> text = HTTP.send(
                HttpRequest.newBuilder(URI.create(livekit.url() + "/twirp/livekit.RoomService/ListRooms"))
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("x"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> r : List.of(unknownPath, get, text)) {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(TestJwts.JSON.readTree(r.body()).path("code").asText()).isEqualTo("bad_route");
        }
        assertThat(TestJwts.JSON.readTree(get.body()).path("msg").asText()).contains("only POST is allowed");
        assertThat(TestJwts.JSON.readTree(text.body()).path("msg").asText()).contains("Content-Type");
    }
}
