package io.meetkit.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.meetkit.examples.boot.local.LocalServices;
import io.meetkit.testkit.FakeLiveKitServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The seed's flow over HTTP against the real application (random port, embedded LiveKit simulation and S3): an
 * admin creates a meeting, a user registers, logs in, lists it and gets a LiveKit token (verified), a simulated
 * participant joins (LiveKit's webhook makes it ACTIVE), the admin records (start, stop, COMPLETE, download the
 * bytes), the admin deletes the meeting with its recordings; refresh tokens rotate and a reused one revokes its
 * family; 401 and 403 where they belong.
 */
@AppTest
class MeetingSystemEndToEndTest {

    @LocalServerPort
    int port;

    @Autowired
    LocalServices local;

    @Test
    void theSeedsFlow() throws Exception {
        Http http = new Http(port);

        // the admin logs in and creates a meeting
        Http.Response adminLogin =
                http.post("/auth/login", null, Map.of("username", "admin", "password", AppTest.ADMIN_PASSWORD));
        assertThat(adminLogin.status()).isEqualTo(200);
        String admin = adminLogin.at("/accessToken");
        Http.Response created = http.post(
                "/api/meetings",
                admin,
                Map.of(
                        "title",
                        "Weekly planning",
                        "settings",
                        Map.of("recordingEnabled", true, "maxParticipants", 10)));
        assertThat(created.status()).isEqualTo(201);
        String meetingId = created.at("/id");
        String room = created.at("/roomName");
        assertThat(created.at("/status")).isEqualTo("OPEN");
        assertThat(created.at("/createdBy")).isEqualTo(adminLogin.at("/user/id"));

        // a user registers, logs in and lists the meetings
        String username = "user-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(http.post("/auth/register", null, Map.of("username", username, "password", "correct horse battery"))
                        .status())
                .isEqualTo(201);
        Http.Response userLogin =
                http.post("/auth/login", null, Map.of("username", username, "password", "correct horse battery"));
        String user = userLogin.at("/accessToken");
        Http.Response list = http.get("/api/meetings", user);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("items").findValuesAsText("id")).contains(meetingId);
        assertThat(http.get("/api/meetings/" + meetingId, user).at("/title")).isEqualTo("Weekly planning");

        // the user gets a LiveKit token for the meeting: signed with LiveKit's API secret, for this room only
        FakeLiveKitServer liveKit = local.liveKit().orElseThrow();
        // without a displayName the token carries the username (meetkit.web.display-name-claims), not the user id
        Http.Response named = http.post("/api/meetings/" + meetingId + "/token", user, Map.of());
        assertThat(named.status()).as(named.text()).isEqualTo(200);
        assertThat(named.at("/displayName")).isEqualTo(username);
        Http.Response token = http.post("/api/meetings/" + meetingId + "/token", user, Map.of("displayName", "Alice"));
        assertThat(token.status()).isEqualTo(200);
        assertThat(token.at("/url")).isEqualTo(liveKit.url());
        SignedJWT jwt = SignedJWT.parse(token.at("/token"));
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.verify(new MACVerifier(liveKit.apiSecret().getBytes(StandardCharsets.UTF_8))))
                .isTrue();
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(liveKit.apiKey());
        assertThat(jwt.getJWTClaimsSet().getJSONObjectClaim("video"))
                .containsEntry("room", room)
                .containsEntry("roomJoin", true);
        assertThat(jwt.getJWTClaimsSet().getStringClaim("name")).isEqualTo("Alice");
        String identity = jwt.getJWTClaimsSet().getSubject();
        assertThat(identity).isEqualTo(token.at("/identity"));

        // a simulated participant joins with it (the local simulation's stand-in for a video client): LiveKit's
        // signed webhooks reach MeetKit's endpoint and the meeting becomes ACTIVE
        Http.Response joined = http.post("/local/simulation/join", user, Map.of("token", token.at("/token")));
        assertThat(joined.status()).isEqualTo(200);
        assertThat(joined.at("/room")).isEqualTo(room);
        assertThat(liveKit.participant(room, identity)).isPresent();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(
                                http.get("/api/meetings/" + meetingId, user).at("/status"))
                        .isEqualTo("ACTIVE"));
        assertThat(liveKit.webhookDeliveryErrors()).isEmpty();
        Http.Response participants = http.get("/api/meetings/" + meetingId + "/participants", admin);
        assertThat(participants.status()).isEqualTo(200);
        assertThat(participants.json().findValuesAsText("identity")).containsExactly(identity);

        // the admin records: start (ACTIVE once the egress runs), stop, and the file lands in S3 (COMPLETE)
        assertThat(http.post("/api/meetings/" + meetingId + "/recordings", user, null)
                        .status())
                .isEqualTo(403);
        Http.Response started = http.post("/api/meetings/" + meetingId + "/recordings", admin, null);
        assertThat(started.status()).isEqualTo(201);
        assertThat(started.at("/status")).isEqualTo("ACTIVE");
        String recordingId = started.at("/id");
        assertThat(http.post("/api/recordings/" + recordingId + "/stop", admin, null)
                        .status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(
                                http.get("/api/recordings/" + recordingId, user).at("/status"))
                        .isEqualTo("COMPLETE"));
        assertThat(http.get("/api/meetings/" + meetingId + "/recordings", user)
                        .json()
                        .get("items")
                        .findValuesAsText("id"))
                .containsExactly(recordingId);

        // the download URL returns the bytes the egress wrote (an MP4 container: "ftyp" at offset 4)
        Http.Response download = http.get("/api/recordings/" + recordingId + "/download", user);
        assertThat(download.status()).isEqualTo(302);
        HttpResponse<byte[]> file =
                http.bytes(URI.create(download.headers().firstValue("Location").orElseThrow()));
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(new String(file.body(), 4, 4, StandardCharsets.US_ASCII)).isEqualTo("ftyp");
        String bucket = local.bucket().orElseThrow();
        assertThat(local.s3().orElseThrow().keys(bucket, "")).hasSize(1);

        // a user may read but not manage; nobody without a token may do either
        assertThat(http.delete("/api/meetings/" + meetingId, user).status()).isEqualTo(403);
        assertThat(http.post("/api/meetings", user, Map.of("title", "Mine")).status())
                .isEqualTo(403);
        assertThat(http.get("/api/meetings", null).status()).isEqualTo(401);
        assertThat(http.delete("/api/meetings/" + meetingId, null).status()).isEqualTo(401);

        // the admin deletes the meeting with its recordings
        Http.Response deleted =
                http.delete("/api/meetings/" + meetingId + "?withMeeting=force&withRecordings=force", admin);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.at("/outcome")).isEqualTo("DELETED");
        assertThat(deleted.json().get("endedLiveMeeting").asBoolean()).isTrue();
        assertThat(deleted.json().get("deletedRecordings").asInt()).isEqualTo(1);
        assertThat(local.s3().orElseThrow().keys(bucket, "")).isEmpty();
        assertThat(http.get("/api/recordings/" + recordingId, admin).status()).isEqualTo(404);
        assertThat(liveKit.room(room)).isEmpty();
        assertThat(http.get("/api/meetings/" + meetingId, admin).status()).isEqualTo(404);

        // refresh rotation works; the old refresh token is refused and revokes the family
        String firstRefresh = userLogin.at("/refreshToken");
        Http.Response rotated = http.post("/auth/refresh", null, Map.of("refreshToken", firstRefresh));
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(http.get("/api/meetings", rotated.at("/accessToken")).status())
                .isEqualTo(200);
        Http.Response reused = http.post("/auth/refresh", null, Map.of("refreshToken", firstRefresh));
        assertThat(reused.status()).isEqualTo(401);
        assertThat(reused.at("/code")).isEqualTo("refresh_token_reused");
        assertThat(http.post("/auth/refresh", null, Map.of("refreshToken", rotated.at("/refreshToken")))
                        .status())
                .isEqualTo(401);
    }
}
