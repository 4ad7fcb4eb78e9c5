package io.meetkit.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meetkit.examples.boot.local.LocalServices;
import io.meetkit.testkit.FakeLiveKitServer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The seed's flow over HTTP against the real application (random port, embedded LiveKit simulation and S3): an
 * admin creates a meeting, a user registers, logs in and lists it, a simulated participant joins (LiveKit's webhook
 * makes it ACTIVE), the admin deletes it; refresh tokens rotate and a reused one revokes its family; 401 and 403
 * where they belong.
 */
@AppTest
class MeetingSystemEndToEndTest {

    @LocalServerPort
    int port;

    @Autowired
    LocalServices local;

    @Test
    void theSeedsFlow() {
        Http http = new Http(port);

        // the admin logs in and creates a meeting
        Http.Response adminLogin = http.post("/auth/login", null,
                Map.of("username", "admin", "password", AppTest.ADMIN_PASSWORD));
        assertThat(adminLogin.status()).isEqualTo(200);
        String admin = adminLogin.at("/accessToken");
        Http.Response created = http.post("/api/meetings", admin, Map.of("title", "Weekly planning",
                "settings", Map.of("recordingEnabled", true, "maxParticipants", 10)));
        assertThat(created.status()).isEqualTo(201);
        String meetingId = created.at("/id");
        String room = created.at("/roomName");
        assertThat(created.at("/status")).isEqualTo("OPEN");
        assertThat(created.at("/createdBy")).isEqualTo(adminLogin.at("/user/id"));

        // a user registers, logs in and lists the meetings
        String username = "user-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(http.post("/auth/register", null, Map.of("username", username,
                "password", "correct horse battery")).status()).isEqualTo(201);
        Http.Response userLogin = http.post("/auth/login", null, Map.of("username", username,
                "password", "correct horse battery"));
        String user = userLogin.at("/accessToken");
        Http.Response list = http.get("/api/meetings", user);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("items").findValuesAsText("id")).contains(meetingId);
        assertThat(http.get("/api/meetings/" + meetingId, user).at("/title")).isEqualTo("Weekly planning");

        // a simulated participant joins the meeting's LiveKit room: LiveKit's signed webhooks reach MeetKit's
        // endpoint and the meeting becomes ACTIVE
        FakeLiveKitServer liveKit = local.liveKit().orElseThrow();
        liveKit.joinParticipant(room, "alice-device", "Alice", null);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(http.get("/api/meetings/" + meetingId, user).at("/status")).isEqualTo("ACTIVE"));
        assertThat(liveKit.webhookDeliveryErrors()).isEmpty();
        Http.Response participants = http.get("/api/meetings/" + meetingId + "/participants", admin);
        assertThat(participants.status()).isEqualTo(200);
        assertThat(participants.json().findValuesAsText("identity")).containsExactly("alice-device");

        // a user may read but not manage; nobody without a token may do either
        assertThat(http.delete("/api/meetings/" + meetingId, user).status()).isEqualTo(403);
        assertThat(http.post("/api/meetings", user, Map.of("title", "Mine")).status()).isEqualTo(403);
        assertThat(http.get("/api/meetings", null).status()).isEqualTo(401);
        assertThat(http.delete("/api/meetings/" + meetingId, null).status()).isEqualTo(401);

        // the admin deletes the meeting with its recordings
        Http.Response deleted = http.delete("/api/meetings/" + meetingId + "?withMeeting=force&withRecordings=force",
                admin);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.at("/outcome")).isEqualTo("DELETED");
        assertThat(deleted.json().get("endedLiveMeeting").asBoolean()).isTrue();
        assertThat(liveKit.room(room)).isEmpty();
        assertThat(http.get("/api/meetings/" + meetingId, admin).status()).isEqualTo(404);

        // refresh rotation works; the old refresh token is refused and revokes the family
        String firstRefresh = userLogin.at("/refreshToken");
        Http.Response rotated = http.post("/auth/refresh", null, Map.of("refreshToken", firstRefresh));
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(http.get("/api/meetings", rotated.at("/accessToken")).status()).isEqualTo(200);
        Http.Response reused = http.post("/auth/refresh", null, Map.of("refreshToken", firstRefresh));
        assertThat(reused.status()).isEqualTo(401);
        assertThat(reused.at("/code")).isEqualTo("refresh_token_reused");
        assertThat(http.post("/auth/refresh", null, Map.of("refreshToken", rotated.at("/refreshToken"))).status())
                .isEqualTo(401);
    }
}
