package io.meetkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livekit.server.RoomServiceClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import livekit.LivekitRoom.ListRoomsRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fake checks tokens and grants exactly like LiveKit's auth middleware and RoomService. */
class FakeLiveKitServerAuthTest {

    static final String SECRET = "secret"; // LiveKit dev mode: shorter than 32 bytes on purpose
    static FakeLiveKitServer livekit;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        livekit = FakeLiveKitServer.builder()
                .apiKey("devkey")
                .apiSecret(SECRET)
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

    private HttpResponse<String> listRooms(@org.jspecify.annotations.Nullable String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create(livekit.url() + "/twirp/livekit.RoomService/ListRooms"))
                .header("Content-Type", "application/protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(
                        ListRoomsRequest.getDefaultInstance().toByteArray()));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ObjectNode listClaims() {
        return TestJwts.claims("devkey", Map.of("roomList", true));
    }

    @Test
    void validTokenWithTheGrantIsAccepted() throws Exception {
        HttpResponse<String> response = listRooms("Bearer " + TestJwts.token("HS256", SECRET, listClaims()));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void officialClientWithAShortSecretWorks() throws Exception {
        RoomServiceClient client = RoomServiceClient.createClient(livekit.url(), "devkey", SECRET);

        assertThat(client.listRooms().execute().isSuccessful()).isTrue();
    }

    @Test
    void officialClientWithTheWrongSecretGets401() throws Exception {
        RoomServiceClient client = RoomServiceClient.createClient(livekit.url(), "devkey", "not-the-secret");

        var response = client.listRooms().execute();

        assertThat(response.code()).isEqualTo(401);
    }

    @Test
    void wrongIssuerGets401() throws Exception {
        ObjectNode claims = TestJwts.claims("otherkey", Map.of("roomList", true));

        HttpResponse<String> response = listRooms("Bearer " + TestJwts.token("HS256", SECRET, claims));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("invalid API key");
    }

    @Test
    void expiredTokenGets401() throws Exception {
        ObjectNode claims =
                listClaims().put("exp", Instant.now().minusSeconds(61).getEpochSecond());

        HttpResponse<String> response = listRooms("Bearer " + TestJwts.token("HS256", SECRET, claims));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
        assertThat(response.body()).contains("expired");
    }

    @Test
    @DisplayName("a token expired less than 60 s ago is still accepted (LiveKit's leeway)")
    void expiredWithinLeewayIsAccepted() throws Exception {
        ObjectNode claims =
                listClaims().put("exp", Instant.now().minusSeconds(30).getEpochSecond());

        HttpResponse<String> response = listRooms("Bearer " + TestJwts.token("HS256", SECRET, claims));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void tokenWithoutExpGets401() throws Exception {
        ObjectNode claims = listClaims();
        claims.remove("exp");

        HttpResponse<String> response = listRooms("Bearer " + TestJwts.token("HS256", SECRET, claims));

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void notYetValidTokenGets401() throws Exception {
        ObjectNode claims =
                listClaims().put("nbf", Instant.now().plusSeconds(300).getEpochSecond());

        HttpResponse<String> response = listRooms("Bearer " + TestJwts.token("HS256", SECRET, claims));

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void missingBearerPrefixGets401() throws Exception {
        HttpResponse<String> response = listRooms(TestJwts.token("HS256", SECRET, listClaims()));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("Must start with Bearer");
    }

    @Test
    void tamperedPayloadGets401() throws Exception {
        String token = TestJwts.token("HS256", SECRET, listClaims());
        String[] parts = token.split("\\.");
        String forged = TestJwts.token(
                        "HS256", "other", TestJwts.claims("devkey", Map.of("roomList", true, "roomCreate", true)))
                .split("\\.")[1];

        HttpResponse<String> response = listRooms("Bearer " + parts[0] + "." + forged + "." + parts[2]);

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS512", "HS384", "none"})
    void otherAlgorithmsGet401(String alg) throws Exception {
        HttpResponse<String> response = listRooms("Bearer " + TestJwts.token(alg, SECRET, listClaims()));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("only HS256");
    }

    @Test
    void garbageTokenGets401() throws Exception {
        HttpResponse<String> response = listRooms("Bearer not.a.jwt");

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    @DisplayName("a valid token without the RPC's grant gets 401 with Twirp code unauthenticated")
    void missingGrantIsUnauthenticated() throws Exception {
        ObjectNode claims = TestJwts.claims("devkey", Map.of("roomCreate", true));

        HttpResponse<String> response = listRooms("Bearer " + TestJwts.token("HS256", SECRET, claims));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        var body = TestJwts.JSON.readTree(response.body());
        assertThat(body.path("code").asText()).isEqualTo("unauthenticated");
        assertThat(body.path("msg").asText()).isEqualTo("permissions denied");
    }

    @Test
    void noAuthorizationAtAllIsUnauthenticated() throws Exception {
        HttpResponse<String> response = listRooms(null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(TestJwts.JSON.readTree(response.body()).path("code").asText())
                .isEqualTo("unauthenticated");
    }

    @Test
    @DisplayName("roomAdmin for another room does not allow participant RPCs")
    void adminGrantIsPerRoom() throws Exception {
        livekit.joinParticipant("standup", "alice");
        ObjectNode claims = TestJwts.claims("devkey", Map.of("roomAdmin", true, "room", "other"));
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(livekit.url() + "/twirp/livekit.RoomService/ListParticipants"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestJwts.token("HS256", SECRET, claims))
                .POST(HttpRequest.BodyPublishers.ofString("{\"room\":\"standup\"}"))
                .build();

        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(TestJwts.JSON.readTree(response.body()).path("code").asText())
                .isEqualTo("unauthenticated");
    }

    @Test
    @DisplayName("DeleteRoom needs roomCreate, not roomAdmin")
    void deleteRoomNeedsRoomCreate() throws Exception {
        livekit.joinParticipant("standup", "alice");
        String adminToken = TestJwts.token(
                "HS256", SECRET, TestJwts.claims("devkey", Map.of("roomAdmin", true, "room", "standup")));
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(livekit.url() + "/twirp/livekit.RoomService/DeleteRoom"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + adminToken)
                .POST(HttpRequest.BodyPublishers.ofString("{\"room\":\"standup\"}"))
                .build();

        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(livekit.room("standup")).isPresent();
    }

    @Test
    void egressRpcsNeedRoomRecord() throws Exception {
        String noRecord = TestJwts.token(
                "HS256", SECRET, TestJwts.claims("devkey", Map.of("roomCreate", true, "roomList", true)));
        HttpRequest request = HttpRequest.newBuilder(URI.create(livekit.url() + "/twirp/livekit.Egress/ListEgress"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + noRecord)
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();

        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(TestJwts.JSON.readTree(response.body()).path("code").asText())
                .isEqualTo("unauthenticated");
    }

    /**
     * A client's signal connection ({@code GET /rtc/v1?access_token=…}, livekit-client's {@code createRtcUrl} in
     * {@code src/api/utils.ts}; LiveKit's routes in {@code pkg/service/rtcservice.go} {@code SetupRoutes}) is
     * logged with its query, so a test can read the token a client connected with; the fake has no signal service.
     */
    @Test
    void requestsAreLoggedWithTheirQuery() throws Exception {
        HTTP.send(
                HttpRequest.newBuilder(URI.create(livekit.url() + "/rtc/v1?access_token=a.b%2Bc&sdk=js&flag"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        listRooms(null);

        assertThat(livekit.requests()).hasSize(2);
        RecordedRequest signal = livekit.requests().get(0);
        assertThat(signal.httpMethod()).isEqualTo("GET");
        assertThat(signal.path()).isEqualTo("/rtc/v1");
        assertThat(signal.query()).isEqualTo("access_token=a.b%2Bc&sdk=js&flag");
        assertThat(signal.queryParameter("access_token")).hasValue("a.b+c");
        assertThat(signal.queryParameter("flag")).hasValue("");
        assertThat(signal.queryParameter("missing")).isEmpty();
        assertThat(livekit.requests().get(1).query()).isEmpty();
        assertThat(livekit.requests().get(1).queryParameter("access_token")).isEmpty();
    }
}
