package io.meetkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The standalone fake carries a whole flow over HTTP only, as a non-JVM client would drive it: the command line of
 * {@link FakeLiveKitServerMain} (auto-create off, built-in S3), LiveKit's Twirp JSON routes, and the control API
 * documented in the testkit's README.
 */
class FakeLiveKitStandaloneTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static FakeLiveKitServerMain.Standalone standalone;
    static FakeLiveKitServer livekit;

    @BeforeAll
    static void start() {
        standalone = FakeLiveKitServerMain.parse(
                new String[] {
                    "--port", "0",
                    "--api-key", "devkey",
                    "--api-secret", "standalone-secret-0123456789abcdef",
                    "--auto-create", "false",
                    "--egress-s3", "builtin",
                    "--egress-s3-bucket", "recs"
                },
                System.out);
        livekit = standalone.server.start();
    }

    @AfterAll
    static void stop() {
        standalone.close();
    }

    private static HttpResponse<String> post(String path, String json, Map<String, Object> video) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(livekit.url() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (video != null) {
            r.header(
                    "Authorization",
                    "Bearer " + TestJwts.token("HS256", livekit.apiSecret(), TestJwts.claims(livekit.apiKey(), video)));
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode())
                .as("%s: %s", response.uri(), response.body())
                .isEqualTo(200);
        return TestJwts.JSON.readTree(response.body());
    }

    private static String joinToken(String identity, String room) {
        ObjectNode c = TestJwts.claims(livekit.apiKey(), Map.of("roomJoin", true, "room", room));
        c.put("sub", identity);
        c.put("name", identity.toUpperCase(java.util.Locale.ROOT));
        return TestJwts.token("HS256", livekit.apiSecret(), c);
    }

    @Test
    @DisplayName("join, publish, record, finish the egress, unpublish, leave, finish the room: all over HTTP")
    void wholeFlowOverHttp() throws Exception {
        HttpResponse<String> refused =
                post("/fake/join", "{\"token\":\"" + joinToken("alice", "standup") + "\"}", null);
        assertThat(refused.statusCode()).as("auto-create is off").isEqualTo(404);
        assertThat(refused.body()).isEqualTo("requested room does not exist");

        ok(post("/twirp/livekit.RoomService/CreateRoom", "{\"name\":\"standup\"}", Map.of("roomCreate", true)));
        JsonNode alice = ok(post(
                "/fake/join",
                "{\"token\":\"" + joinToken("alice", "standup") + "\",\"tracks\":[{\"type\":\"AUDIO\"}]}",
                null));
        assertThat(alice.path("identity").asText()).isEqualTo("alice");
        assertThat(alice.path("name").asText()).isEqualTo("ALICE");
        assertThat(alice.path("tracks").get(0).path("source").asText()).isEqualTo("MICROPHONE");

        JsonNode camera = ok(post(
                "/fake/publish",
                "{\"room\":\"standup\",\"identity\":\"alice\",\"type\":\"VIDEO\",\"name\":\"cam\"}",
                null));
        String cameraSid = camera.path("sid").asText();
        assertThat(cameraSid).startsWith("TR_");

        JsonNode started = ok(post(
                "/twirp/livekit.Egress/StartRoomCompositeEgress",
                "{\"room_name\":\"standup\",\"file_outputs\":[{\"filepath\":\"standup/{room_name}.mp4\"}]}",
                Map.of("roomRecord", true)));
        String egressId = started.path("egress_id").asText();
        JsonNode finished = ok(post("/fake/finish-egress", "{\"egress_id\":\"" + egressId + "\"}", null));
        assertThat(finished.path("status").asText()).isEqualTo("EGRESS_COMPLETE");
        assertThat(standalone.s3.read("recs", "standup/standup.mp4")).isPresent();
        HttpResponse<String> again = post("/fake/finish-egress", "{\"egress_id\":\"" + egressId + "\"}", null);
        assertThat(again.statusCode()).isEqualTo(409);

        ok(post(
                "/fake/unpublish",
                "{\"room\":\"standup\",\"identity\":\"alice\",\"track_sid\":\"" + cameraSid + "\"}",
                null));
        ok(post("/fake/leave", "{\"room\":\"standup\",\"identity\":\"alice\"}", null));
        assertThat(post("/fake/leave", "{\"room\":\"standup\",\"identity\":\"alice\"}", null)
                        .statusCode())
                .isEqualTo(404);
        ok(post("/fake/finish-room", "{\"room\":\"standup\"}", null));

        assertThat(livekit.sentWebhooks())
                .extracting(SentWebhook::name)
                .containsSubsequence(
                        "room_started",
                        "participant_joined",
                        "track_published",
                        "egress_started",
                        "egress_ended",
                        "track_unpublished",
                        "participant_left",
                        "room_finished");
    }

    @Test
    @DisplayName("a failed egress, and the control API's refusals")
    void failedEgressAndRefusals() throws Exception {
        ok(post("/twirp/livekit.RoomService/CreateRoom", "{\"name\":\"other\"}", Map.of("roomCreate", true)));
        JsonNode started = ok(post(
                "/twirp/livekit.Egress/StartRoomCompositeEgress",
                "{\"room_name\":\"other\",\"file_outputs\":[{\"filepath\":\"x.mp4\"}]}",
                Map.of("roomRecord", true)));

        JsonNode failed = ok(post(
                "/fake/finish-egress",
                "{\"egress_id\":\"" + started.path("egress_id").asText()
                        + "\",\"outcome\":\"failed\",\"error\":\"disk full\"}",
                null));

        assertThat(failed.path("status").asText()).isEqualTo("EGRESS_FAILED");
        assertThat(failed.path("error").asText()).isEqualTo("disk full");
        assertThat(post("/fake/finish-egress", "{\"egress_id\":\"EG_nope\"}", null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(post("/fake/join", "{}", null).statusCode()).isEqualTo(400);
        assertThat(post("/fake/join", "{\"token\":\"garbage\"}", null).statusCode())
                .isEqualTo(401);
        assertThat(post("/fake/teleport", "{}", null).statusCode()).isEqualTo(404);
        assertThat(post("/fake/leave", "not json", null).statusCode()).isEqualTo(400);
    }
}
