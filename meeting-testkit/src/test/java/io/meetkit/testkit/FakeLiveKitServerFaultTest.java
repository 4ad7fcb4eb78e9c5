package io.meetkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.livekit.server.RoomServiceClient;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import livekit.LivekitModels.Room;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import retrofit2.Response;

/** Injected faults reach LiveKit's official client the way a real failing LiveKit (or proxy) would. */
class FakeLiveKitServerFaultTest {

    static FakeLiveKitServer livekit;
    static RoomServiceClient client;

    @BeforeAll
    static void start() {
        livekit = FakeLiveKitServer.builder().build().start();
        client = RoomServiceClient.createClient(livekit.url(), livekit.apiKey(), livekit.apiSecret());
    }

    @AfterAll
    static void stop() {
        livekit.close();
    }

    @BeforeEach
    void reset() {
        livekit.reset();
    }

    @ParameterizedTest
    @EnumSource(TwirpCode.class)
    @DisplayName("every Twirp code reaches the official client with its HTTP status and code")
    void everyTwirpCode(TwirpCode code) throws Exception {
        // OkHttp retries a 408 once by itself, so arm two; the second stays unused for other codes
        livekit.failNext(2, Fault.twirp(code, "injected " + code.code()));

        Response<List<Room>> response = client.listRooms().execute();

        assertThat(response.isSuccessful()).isFalse();
        assertThat(response.code()).isEqualTo(code.httpStatus());
        JsonNode body = TestJwts.errorBody(response);
        assertThat(body.path("code").asText()).isEqualTo(code.code());
        assertThat(body.path("msg").asText()).isEqualTo("injected " + code.code());
        assertThat(response.headers().get("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void twirpFaultByWireCode() throws Exception {
        livekit.failNext(1, Fault.twirp("resource_exhausted", "too many rooms"));

        Response<Room> response = client.createRoom("r").execute();

        assertThat(response.code()).isEqualTo(403);
        assertThat(TestJwts.errorBody(response).path("code").asText()).isEqualTo("resource_exhausted");
        assertThat(livekit.room("r")).isEmpty();
    }

    @Test
    void http503IsTwirpUnavailableAndTheNextCallSucceeds() throws Exception {
        livekit.failNext(1, Fault.http(503));

        Response<Room> failed = client.createRoom("r").execute();
        Response<Room> retried = client.createRoom("r").execute();

        assertThat(failed.code()).isEqualTo(503);
        assertThat(TestJwts.errorBody(failed).path("code").asText()).isEqualTo("unavailable");
        assertThat(retried.isSuccessful()).isTrue();
        assertThat(livekit.requests("CreateRoom")).hasSize(2);
        assertThat(livekit.pendingFaults()).isZero();
    }

    @Test
    void rawFaultAnswersLikeAGateway() throws Exception {
        livekit.failNext(1, Fault.raw(502, "text/html", "<html>Bad Gateway</html>"));

        Response<List<Room>> response = client.listRooms().execute();

        assertThat(response.code()).isEqualTo(502);
        assertThat(response.headers().get("Content-Type")).isEqualTo("text/html");
        assertThat(response.errorBody().string()).isEqualTo("<html>Bad Gateway</html>");
    }

    @Test
    void faultForOneRpcLeavesOthersAlone() throws Exception {
        livekit.failNext("DeleteRoom", 1, Fault.http(500));

        assertThat(client.createRoom("r").execute().isSuccessful()).isTrue();
        assertThat(client.listRooms().execute().isSuccessful()).isTrue();
        Response<Void> delete = client.deleteRoom("r").execute();

        assertThat(delete.code()).isEqualTo(500);
        assertThat(TestJwts.errorBody(delete).path("code").asText()).isEqualTo("internal");
        assertThat(livekit.room("r")).isPresent();
    }

    @Test
    @DisplayName("a delay longer than the client's read timeout fails the call; the request still takes effect")
    void delayBeyondTheClientTimeout() {
        RoomServiceClient impatient = RoomServiceClient.createClient(
                livekit.url(),
                livekit.apiKey(),
                livekit.apiSecret(),
                () -> new OkHttpClient.Builder()
                        .readTimeout(Duration.ofMillis(200))
                        .build());
        livekit.failNext(1, Fault.delay(Duration.ofMillis(800)));

        assertThatThrownBy(() -> impatient.createRoom("late").execute()).isInstanceOf(SocketTimeoutException.class);

        await().atMost(Duration.ofSeconds(5)).until(() -> livekit.room("late").isPresent());
    }

    @Test
    @DisplayName("a dropped connection is an IOException for the client; nothing happens on the server")
    void dropConnection() {
        // OkHttp retries a connection that closed without an answer once on its own, so drop every attempt
        livekit.failNext(5, Fault.dropConnection());

        assertThatThrownBy(() -> client.createRoom("dropped").execute()).isInstanceOf(IOException.class);

        assertThat(livekit.room("dropped")).isEmpty();
        assertThat(livekit.requests("CreateRoom")).isNotEmpty();
    }

    @Test
    @DisplayName("one dropped connection is retried by OkHttp itself and never seen by the caller")
    void singleDropIsRetriedByOkHttp() throws Exception {
        livekit.failNext(1, Fault.dropConnection());

        Response<Room> response = client.createRoom("retried").execute();

        assertThat(response.isSuccessful()).isTrue();
        assertThat(livekit.requests("CreateRoom")).hasSize(2);
    }

    @Test
    void faultsAreValidated() {
        assertThatThrownBy(() -> Fault.http(200))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("200");
        assertThatThrownBy(() -> Fault.delay(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT0S");
        assertThatThrownBy(() -> Fault.twirp("nope", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> livekit.failNext(0, Fault.http(503)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
    }
}
