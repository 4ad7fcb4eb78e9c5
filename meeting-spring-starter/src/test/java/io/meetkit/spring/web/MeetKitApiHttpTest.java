package io.meetkit.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meetkit.MeetKit;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.participant.TokenRequest;
import io.meetkit.store.MeetKitStores;
import io.meetkit.testkit.FakeLiveKitServer;
import io.meetkit.testkit.FakeTrack;
import io.meetkit.testkit.Fault;
import io.meetkit.testkit.TwirpCode;
import io.meetkit.testkit.s3.InProcessS3;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * MeetKit's REST API through real HTTP on a random port, against FakeLiveKitServer, as admin, as user, as a user
 * with the wrong role (403) and anonymously (401). One Spring context for the whole class.
 */
@SpringBootTest(
        classes = MeetKitApiHttpTest.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.endpoint.health.show-details=always",
            "management.endpoint.health.probes.enabled=true",
            "management.health.meetkit.livekit-cache-ttl=0s",
            "meetkit.maintenance.interval=1h"
        })
@ExtendWith(MeetKitApiHttpTest.StopServersAtTheEnd.class)
class MeetKitApiHttpTest {

    static final String BUCKET = "recordings";
    static final InProcessS3 S3 = InProcessS3.start(BUCKET);
    static final FakeLiveKitServer LIVEKIT = FakeLiveKitServer.builder()
            .egressStorage(S3.client(), BUCKET)
            .build()
            .start();
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static final String ADMIN = "admin";
    static final String USER = "alice";
    static final String GUEST = "guest";

    @DynamicPropertySource
    static void liveKit(DynamicPropertyRegistry registry) {
        registry.add("meetkit.livekit.url", LIVEKIT::url);
        registry.add("meetkit.livekit.api-key", LIVEKIT::apiKey);
        registry.add("meetkit.livekit.api-secret", LIVEKIT::apiSecret);
        registry.add("meetkit.livekit.timeout", () -> "3s");
        registry.add("meetkit.recording.s3.bucket", () -> BUCKET);
        registry.add("meetkit.recording.s3.endpoint", () -> S3.endpoint().toString());
        registry.add("meetkit.recording.s3.path-style", () -> "true");
        registry.add("meetkit.recording.s3.access-key", () -> InProcessS3.ACCESS_KEY);
        registry.add("meetkit.recording.s3.secret-key", () -> InProcessS3.SECRET_KEY);
    }

    /**
     * Stops the fake LiveKit and the S3 once, at the end of the whole run: {@link MeetKitApiHttpWithProblemDetailsTest}
     * runs this suite again against the same servers in a second context.
     */
    @SuppressWarnings("deprecation") // JUnit 6 (Boot 4) deprecates CloseableResource; JUnit 5.12 (Boot 3.5) needs it
    static final class StopServersAtTheEnd implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            context.getRoot()
                    .getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent(
                            MeetKitApiHttpTest.class.getName() + ".servers",
                            key -> (ExtensionContext.Store.CloseableResource) () -> {
                                LIVEKIT.close();
                                S3.close();
                            });
        }
    }

    @Autowired
    Environment env;

    @BeforeEach
    void deliverWebhooksToTheApp() {
        LIVEKIT.webhookUrl(uri("/livekit/webhook"));
        LIVEKIT.deliverWebhooksTwice(false);
    }

    @Autowired
    MeetKitStores stores;

    @Autowired
    MeterRegistry meters;

    @Autowired
    MeetKit kit;

    /** The application under test: auto-configuration and three in-memory users. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        UserDetailsService users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername(ADMIN)
                            .password("{noop}" + ADMIN + "-pw")
                            .roles("ADMIN")
                            .build(),
                    User.withUsername(USER)
                            .password("{noop}" + USER + "-pw")
                            .roles("USER")
                            .build(),
                    User.withUsername(GUEST)
                            .password("{noop}" + GUEST + "-pw")
                            .roles("GUEST")
                            .build());
        }
    }

    // ================================================================ security

    @Nested
    @DisplayName("security")
    class Security {

        @Test
        @DisplayName("anonymous: 401 problem with a Basic challenge, on user and admin endpoints")
        void anonymous() throws Exception {
            for (Res r : List.of(
                    call("GET", "/api/meetings", null, null),
                    call("POST", "/api/meetings", null, "{\"title\":\"x\"}"),
                    call("GET", "/api/meetings/" + UUID.randomUUID() + "/participants", null, null),
                    call("POST", "/api/meetings/" + UUID.randomUUID() + "/end", null, null))) {
                assertThat(r.status).isEqualTo(401);
                assertThat(r.header("Content-Type")).startsWith("application/problem+json");
                assertThat(r.header("WWW-Authenticate")).contains("Basic");
                assertThat(r.json().get("code").asText()).isEqualTo("unauthenticated");
            }
        }

        @Test
        @DisplayName("every endpoint: anonymous 401, wrong role 403, user 403 on admin endpoints")
        void everyEndpoint() throws Exception {
            String m = "/api/meetings/" + UUID.randomUUID();
            String r = "/api/recordings/" + UUID.randomUUID();
            // adminOnly false: users pass the filter; endpoints that act on a meeting then ask the user's role in it
            // (Enforcement below), here the meeting does not exist (404)
            record Endpoint(String method, String path, boolean adminOnly) {}
            List<Endpoint> endpoints = List.of(
                    new Endpoint("GET", "/api/meetings", false),
                    new Endpoint("POST", "/api/meetings", true),
                    new Endpoint("DELETE", "/api/meetings?ids=" + UUID.randomUUID(), true),
                    new Endpoint("GET", m, false),
                    new Endpoint("PATCH", m, true),
                    new Endpoint("DELETE", m, true),
                    new Endpoint("POST", m + "/close", true),
                    new Endpoint("POST", m + "/reopen", true),
                    new Endpoint("POST", m + "/end", false),
                    new Endpoint("GET", m + "/participants", true),
                    new Endpoint("GET", m + "/participants/bob", true),
                    new Endpoint("DELETE", m + "/participants/bob", false),
                    new Endpoint("PUT", m + "/participants/bob/role", false),
                    new Endpoint("POST", m + "/participants/bob/tracks/TR_x/mute", false),
                    new Endpoint("POST", m + "/mute-all", false),
                    new Endpoint("POST", m + "/rotate-secrets", false),
                    new Endpoint("GET", m + "/role-permissions", true),
                    new Endpoint("PATCH", m + "/role-permissions/SPEAKER", true),
                    new Endpoint("POST", m + "/token", false),
                    new Endpoint("POST", m + "/token/refresh", false),
                    new Endpoint("POST", m + "/recordings", false),
                    new Endpoint("GET", m + "/recordings", false),
                    new Endpoint("GET", "/api/recordings", false),
                    new Endpoint("GET", r, false),
                    new Endpoint("POST", r + "/stop", false),
                    new Endpoint("DELETE", r, false),
                    new Endpoint("GET", r + "/download", false),
                    new Endpoint("GET", r + "/media", false));
            for (Endpoint e : endpoints) {
                String body = e.method.equals("GET") || e.method.equals("DELETE") ? null : "{}";
                assertThat(call(e.method, e.path, null, body).status)
                        .as("anonymous " + e)
                        .isEqualTo(401);
                assertThat(call(e.method, e.path, GUEST, body).status)
                        .as("guest " + e)
                        .isEqualTo(403);
                int asUser = call(e.method, e.path, USER, body).status;
                if (e.adminOnly) {
                    assertThat(asUser).as("user " + e).isEqualTo(403);
                } else {
                    assertThat(asUser).as("user " + e).isNotIn(401, 403);
                }
                assertThat(call(e.method, e.path, ADMIN, body).status)
                        .as("admin " + e)
                        .isNotIn(401, 403);
            }
        }

        @Test
        @DisplayName("wrong password: 401")
        void wrongPassword() throws Exception {
            Res r = send(HttpRequest.newBuilder(uri("/api/meetings"))
                    .GET()
                    .header("Authorization", basic(ADMIN, "wrong"))
                    .build());
            assertThat(r.status).isEqualTo(401);
        }

        @Test
        @DisplayName("a user without MeetKit's authorities: 403 problem everywhere")
        void wrongRole() throws Exception {
            for (Res r : List.of(
                    call("GET", "/api/meetings", GUEST, null),
                    call("POST", "/api/meetings", GUEST, "{\"title\":\"x\"}"))) {
                assertThat(r.status).isEqualTo(403);
                assertThat(r.header("Content-Type")).startsWith("application/problem+json");
                assertThat(r.json().get("code").asText()).isEqualTo("forbidden");
            }
        }

        @Test
        @DisplayName("a user may read but not change: admin operations answer 403")
        void userCannotAdmin() throws Exception {
            UUID id = newMeeting("User may not change this");
            assertThat(call("POST", "/api/meetings", USER, "{\"title\":\"mine\"}").status)
                    .isEqualTo(403);
            assertThat(call("PATCH", "/api/meetings/" + id, USER, "{\"version\":0,\"title\":\"x\"}").status)
                    .isEqualTo(403);
            assertThat(call("POST", "/api/meetings/" + id + "/close", USER, null).status)
                    .isEqualTo(403);
            assertThat(call("POST", "/api/meetings/" + id + "/reopen", USER, null).status)
                    .isEqualTo(403);
            assertThat(call("POST", "/api/meetings/" + id + "/end", USER, null).status)
                    .isEqualTo(403);
            assertThat(call("DELETE", "/api/meetings/" + id, USER, null).status).isEqualTo(403);
            assertThat(call("DELETE", "/api/meetings?ids=" + id, USER, null).status)
                    .isEqualTo(403);
            assertThat(call("GET", "/api/meetings/" + id + "/participants", USER, null).status)
                    .isEqualTo(403);
            assertThat(call("DELETE", "/api/meetings/" + id + "/participants/bob", USER, null).status)
                    .isEqualTo(403);
            assertThat(call("GET", "/api/meetings/" + id, USER, null).status).isEqualTo(200);
        }

        @Test
        @DisplayName("MeetKit's chain takes only /api/** and the webhook: Boot's default chain keeps the rest")
        void applicationSecurityKept() throws Exception {
            Res r = call("GET", "/not-meetkit", null, null);
            assertThat(r.status).isEqualTo(401);
            assertThat(r.header("Content-Type")).doesNotContain("problem");
        }
    }

    // ================================================================ meetings

    @Nested
    @DisplayName("meetings")
    class Meetings {

        @Test
        @DisplayName("admin creates: 201, Location, the creator is the authenticated name, secrets shown")
        void create() throws Exception {
            Res r = call("POST", "/api/meetings", ADMIN, """
                    {"title":"Team sync","endAction":"close","settings":{"maxParticipants":10,"chatEnabled":false},
                     "attributes":{"team":"core"}}""");
            assertThat(r.status).isEqualTo(201);
            JsonNode m = r.json();
            assertThat(r.header("Location"))
                    .isEqualTo("/api/meetings/" + m.get("id").asText());
            assertThat(m.get("title").asText()).isEqualTo("Team sync");
            assertThat(m.get("createdBy").asText()).isEqualTo(ADMIN);
            assertThat(m.get("status").asText()).isEqualTo("OPEN");
            assertThat(m.get("endAction").asText()).isEqualTo("CLOSE");
            assertThat(m.get("roomName").asText()).startsWith("team-sync-");
            assertThat(m.get("settings").get("maxParticipants").asInt()).isEqualTo(10);
            assertThat(m.get("settings").get("chatEnabled").asBoolean()).isFalse();
            assertThat(m.get("attributes").get("team").asText()).isEqualTo("core");
            assertThat(m.get("moderatorSecret").asText()).isNotBlank();
            assertThat(m.get("version").asLong()).isZero();
        }

        @Test
        @DisplayName("bad input: 400 listing every bad field; malformed JSON: 400 malformed_body")
        void validation() throws Exception {
            Res r = call(
                    "POST",
                    "/api/meetings",
                    ADMIN,
                    "{\"title\":\"  \",\"endAction\":\"explode\",\"settings\":{\"maxParticipants\":-3}}");
            assertThat(r.status).isEqualTo(400);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            JsonNode p = r.json();
            assertThat(p.get("code").asText()).isEqualTo("invalid_request");
            assertThat(fields(p)).contains("endAction", "settings.maxParticipants");

            Res blank = call("POST", "/api/meetings", ADMIN, "{\"title\":\"  \"}");
            assertThat(blank.status).isEqualTo(400);
            assertThat(fields(blank.json())).containsExactly("title");

            Res malformed = call("POST", "/api/meetings", ADMIN, "{\"title\":");
            assertThat(malformed.status).isEqualTo(400);
            assertThat(malformed.json().get("code").asText()).isEqualTo("malformed_body");
        }

        @Test
        @DisplayName("list: cursor pages {items, nextCursor} with filters; users see no secrets")
        void list() throws Exception {
            String tag = "paging-" + UUID.randomUUID().toString().substring(0, 8);
            for (int i = 0; i < 3; i++) {
                newMeeting(tag + " " + i);
            }
            Res first = call("GET", "/api/meetings?title=" + tag + "&limit=2", USER, null);
            assertThat(first.status).isEqualTo(200);
            JsonNode page1 = first.json();
            assertThat(page1.get("items")).hasSize(2);
            assertThat(page1.get("items").get(0).get("moderatorSecret").isNull())
                    .isTrue();
            String cursor = page1.get("nextCursor").asText();
            JsonNode page2 = call("GET", "/api/meetings?title=" + tag + "&limit=2&cursor=" + cursor, USER, null)
                    .json();
            assertThat(page2.get("items")).hasSize(1);
            assertThat(page2.get("nextCursor").isNull()).isTrue();

            assertThat(call("GET", "/api/meetings?status=OPEN&createdBy=" + ADMIN + "&title=" + tag, ADMIN, null)
                            .json()
                            .get("items"))
                    .hasSize(3);
            assertThat(call("GET", "/api/meetings?status=CLOSED&title=" + tag, ADMIN, null)
                            .json()
                            .get("items"))
                    .isEmpty();
            Res badStatus = call("GET", "/api/meetings?status=SLEEPING", USER, null);
            assertThat(badStatus.status).isEqualTo(400);
            assertThat(fields(badStatus.json())).containsExactly("status");
            Res badCursor = call("GET", "/api/meetings?cursor=forged", USER, null);
            assertThat(badCursor.status).isEqualTo(400);
            Res badLimit = call("GET", "/api/meetings?limit=1000", USER, null);
            assertThat(fields(badLimit.json())).containsExactly("limit");
        }

        @Test
        @DisplayName("get: 200 for users, 404 meeting_not_found, 400 for an id that is not a UUID")
        void get() throws Exception {
            UUID id = newMeeting("Get me");
            Res r = call("GET", "/api/meetings/" + id, USER, null);
            assertThat(r.status).isEqualTo(200);
            assertThat(r.json().get("title").asText()).isEqualTo("Get me");
            assertThat(r.json().get("speakerSecret").isNull()).isTrue();

            Res missing = call("GET", "/api/meetings/" + UUID.randomUUID(), USER, null);
            assertThat(missing.status).isEqualTo(404);
            assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
            assertThat(missing.json().get("code").asText()).isEqualTo("meeting_not_found");
            assertThat(missing.json().get("type").asText()).isEqualTo("urn:meetkit:problem:meeting_not_found");

            Res notUuid = call("GET", "/api/meetings/not-a-uuid", USER, null);
            assertThat(notUuid.status).isEqualTo(400);
            assertThat(fields(notUuid.json())).containsExactly("id");
        }

        @Test
        @DisplayName("limits: maxDurationMinutes and the initial media state are taken and shown; 0 or 1441 is a 400")
        void limits() throws Exception {
            Res created = call(
                    "POST",
                    "/api/meetings",
                    ADMIN,
                    "{\"title\":\"Limited\",\"settings\":{\"maxDurationMinutes\":90,"
                            + "\"initialAudioEnabled\":false}}");
            assertThat(created.status).as(created.body).isEqualTo(201);
            JsonNode settings = created.json().get("settings");
            assertThat(settings.get("maxDurationMinutes").asInt()).isEqualTo(90);
            assertThat(settings.get("initialAudioEnabled").asBoolean()).isFalse();
            assertThat(settings.get("initialVideoEnabled").asBoolean()).isTrue();
            UUID id = UUID.fromString(created.json().get("id").asText());
            assertThat(stores.meetings().findById(id).orElseThrow().settings().maxDurationMinutes())
                    .hasValue(90);

            long before = stores.meetings()
                    .page(new io.meetkit.store.MeetingFilter(null, null, null), null, 1000)
                    .size();
            Res bad = call(
                    "POST",
                    "/api/meetings",
                    ADMIN,
                    "{\"title\":\"Too long\",\"settings\":{\"maxDurationMinutes\":1441}}");
            assertThat(bad.status).isEqualTo(400);
            assertThat(fields(bad.json())).containsExactly("settings.maxDurationMinutes");
            assertThat(stores.meetings()
                            .page(new io.meetkit.store.MeetingFilter(null, null, null), null, 1000)
                            .size())
                    .as("nothing stored")
                    .isEqualTo(before);

            Res lifted = call(
                    "PATCH",
                    "/api/meetings/" + id,
                    ADMIN,
                    "{\"version\":0,\"settings\":{\"maxDurationMinutes\":0,\"initialVideoEnabled\":false}}");
            assertThat(lifted.status).as(lifted.body).isEqualTo(200);
            assertThat(lifted.json().get("settings").get("maxDurationMinutes").asInt())
                    .isZero();
            assertThat(lifted.json().get("settings").get("initialVideoEnabled").asBoolean())
                    .isFalse();
            assertThat(stores.meetings().findById(id).orElseThrow().settings().maxDurationMinutes())
                    .isEmpty();

            Res token = call("POST", "/api/meetings/" + id + "/token", USER, "{\"initialAudioEnabled\":true}");
            assertThat(token.status).as(token.body).isEqualTo(200);
            JsonNode metadata = JSON.readTree(
                    kit.tokens().verify(token.json().get("token").asText()).metadata());
            assertThat(metadata.get("initialAudioEnabled").asBoolean()).isTrue();
            assertThat(metadata.get("initialVideoEnabled").asBoolean()).isFalse();
        }

        @Test
        @DisplayName("update: needs the version; a stale version is 409 stale_version")
        void update() throws Exception {
            UUID id = newMeeting("Before");
            Res ok = call(
                    "PATCH",
                    "/api/meetings/" + id,
                    ADMIN,
                    "{\"version\":0,\"title\":\"After\",\"settings\":{\"autoRecord\":true}}");
            assertThat(ok.status).isEqualTo(200);
            assertThat(ok.json().get("title").asText()).isEqualTo("After");
            assertThat(ok.json().get("settings").get("autoRecord").asBoolean()).isTrue();
            assertThat(ok.json().get("version").asLong()).isEqualTo(1);

            Res stale = call("PATCH", "/api/meetings/" + id, ADMIN, "{\"version\":0,\"title\":\"Lost\"}");
            assertThat(stale.status).isEqualTo(409);
            assertThat(stale.json().get("code").asText()).isEqualTo("stale_version");

            Res noVersion = call("PATCH", "/api/meetings/" + id, ADMIN, "{\"title\":\"x\"}");
            assertThat(noVersion.status).isEqualTo(400);
            assertThat(fields(noVersion.json())).containsExactly("version");

            Res past = call(
                    "PATCH", "/api/meetings/" + id, ADMIN, "{\"version\":1,\"autoDeleteAt\":\"2001-01-01T00:00:00Z\"}");
            assertThat(past.status).isEqualTo(400);
            assertThat(fields(past.json())).contains("autoDeleteAt");
        }

        @Test
        @DisplayName("close, reopen and end")
        void closeReopenEnd() throws Exception {
            UUID id = newMeeting("Lifecycle");
            assertThat(call("POST", "/api/meetings/" + id + "/close", ADMIN, null)
                            .json()
                            .get("status")
                            .asText())
                    .isEqualTo("CLOSED");
            assertThat(call("POST", "/api/meetings/" + id + "/reopen", ADMIN, null)
                            .json()
                            .get("status")
                            .asText())
                    .isEqualTo("OPEN");
            Res notLive = call("POST", "/api/meetings/" + id + "/end", ADMIN, null);
            assertThat(notLive.status).isEqualTo(200);
            assertThat(notLive.json().get("ended").asBoolean()).isFalse();

            UUID live = newMeeting("Live and ended");
            LIVEKIT.createRoom(roomName(live));
            Res ended = call("POST", "/api/meetings/" + live + "/end", ADMIN, null);
            assertThat(ended.json().get("ended").asBoolean()).isTrue();
            assertThat(LIVEKIT.room(roomName(live))).isEmpty();
            assertThat(call("POST", "/api/meetings/" + UUID.randomUUID() + "/close", ADMIN, null).status)
                    .isEqualTo(404);
        }

        @Test
        @DisplayName("delete: 200 deleted, 409 when the policy refuses, 202 when scheduled, 400 for a bad policy")
        void delete() throws Exception {
            UUID id = newMeeting("Delete me");
            Res deleted = call("DELETE", "/api/meetings/" + id, ADMIN, null);
            assertThat(deleted.status).isEqualTo(200);
            assertThat(deleted.json().get("outcome").asText()).isEqualTo("DELETED");
            assertThat(deleted.json().get("code").asText()).isEqualTo("meeting_deleted");
            assertThat(call("GET", "/api/meetings/" + id, ADMIN, null).status).isEqualTo(404);

            UUID live = newMeeting("Live meeting");
            goLive(live);
            Res refused = call("DELETE", "/api/meetings/" + live + "?withMeeting=FAIL", ADMIN, null);
            assertThat(refused.status).isEqualTo(409);
            assertThat(refused.json().get("code").asText()).isEqualTo("meeting_has_active_meeting");

            Res scheduled = call(
                    "DELETE",
                    "/api/meetings/" + live + "?withMeeting=WHEN_MEETING_ENDS" + "&withRecordings=FORCE",
                    ADMIN,
                    null);
            assertThat(scheduled.status).isEqualTo(202);
            assertThat(scheduled.json().get("outcome").asText()).isEqualTo("SCHEDULED_TO_BE_DELETED");

            Res badPolicy = call("DELETE", "/api/meetings/" + live + "?withMeeting=LATER", ADMIN, null);
            assertThat(badPolicy.status).isEqualTo(400);
            assertThat(fields(badPolicy.json())).containsExactly("withMeeting");
        }

        @Test
        @DisplayName("bulk delete: an outcome per id")
        void bulkDelete() throws Exception {
            UUID a = newMeeting("Bulk a");
            UUID b = newMeeting("Bulk b");
            UUID unknown = UUID.randomUUID();
            Res r = call("DELETE", "/api/meetings?ids=" + a + "," + b + "," + unknown, ADMIN, null);
            assertThat(r.status).isEqualTo(200);
            assertThat(r.json().get("succeeded")).hasSize(2);
            assertThat(r.json().get("failed")).hasSize(1);
            assertThat(r.json().get("failed").get(0).get("code").asText()).isEqualTo("meeting_not_found");
            assertThat(call("DELETE", "/api/meetings", ADMIN, null).status).isEqualTo(400);
        }
    }

    // ================================================================ participants

    @Nested
    @DisplayName("participants of a live meeting")
    class Participants {

        @Test
        @DisplayName("list, get, kick (204) and kick again (404 participant_not_found)")
        void listGetKick() throws Exception {
            UUID id = newMeeting("With people");
            LIVEKIT.createRoom(roomName(id));
            LIVEKIT.joinParticipant(roomName(id), "bob");

            Res list = call("GET", "/api/meetings/" + id + "/participants", ADMIN, null);
            assertThat(list.status).isEqualTo(200);
            assertThat(list.json()).hasSize(1);
            assertThat(list.json().get(0).get("identity").asText()).isEqualTo("bob");
            Res one = call("GET", "/api/meetings/" + id + "/participants/bob", ADMIN, null);
            assertThat(one.json().get("identity").asText()).isEqualTo("bob");

            assertThat(call("DELETE", "/api/meetings/" + id + "/participants/bob", ADMIN, null).status)
                    .isEqualTo(204);
            Res again = call("DELETE", "/api/meetings/" + id + "/participants/bob", ADMIN, null);
            assertThat(again.status).isEqualTo(404);
            assertThat(again.json().get("code").asText()).isEqualTo("participant_not_found");
        }

        @Test
        @DisplayName("LiveKit unavailable: 503 livekit_unavailable with Retry-After")
        void liveKitUnavailable() throws Exception {
            UUID id = newMeeting("LiveKit down");
            LIVEKIT.failNext("ListParticipants", 5, Fault.twirp(TwirpCode.UNAVAILABLE, "down for maintenance"));
            try {
                Res r = call("GET", "/api/meetings/" + id + "/participants", ADMIN, null);
                assertThat(r.status).isEqualTo(503);
                assertThat(r.header("Retry-After")).isEqualTo("5");
                assertThat(r.json().get("code").asText()).isEqualTo("livekit_unavailable");
                assertThat(r.json().get("retryable").asBoolean()).isTrue();
            } finally {
                LIVEKIT.clearFaults();
            }
        }
    }

    // ================================================================ tokens and roles

    @Nested
    @DisplayName("participant tokens and roles")
    class Tokens {

        @Test
        @DisplayName("a token issued by the application through kit.tokens().issue(), not the REST API, is counted")
        void tokenIssuedInCodeIsCounted() throws Exception {
            UUID id = newMeeting("Issued in code");
            double moderatorsBefore = tokensIssued("MODERATOR");

            kit.tokens().issue(id, TokenRequest.of("Code host", "MODERATOR"));

            assertThat(tokensIssued("MODERATOR")).isEqualTo(moderatorsBefore + 1);
        }

        @Test
        @DisplayName("user gets a SPEAKER token named after the login, admin a MODERATOR one; 401 / 403 otherwise")
        void issue() throws Exception {
            UUID id = newMeeting("Join me");
            Res user = call("POST", "/api/meetings/" + id + "/token", USER, "{}");
            assertThat(user.status).as(user.body).isEqualTo(200);
            assertThat(user.json().get("displayName").asText()).isEqualTo(USER);
            assertThat(user.json().get("role").get("name").asText()).isEqualTo("SPEAKER");
            assertThat(user.json().get("role").get("canRecord").asBoolean()).isFalse();
            assertThat(user.json().get("url").asText()).isEqualTo(LIVEKIT.url());
            assertThat(user.json().get("token").asText()).contains(".");
            assertThat(user.json().get("room").asText()).isEqualTo(roomName(id));

            Res admin = call("POST", "/api/meetings/" + id + "/token", ADMIN, "{\"displayName\":\"Host\"}");
            assertThat(admin.json().get("displayName").asText()).isEqualTo("Host");
            assertThat(admin.json().get("role").get("name").asText()).isEqualTo("MODERATOR");

            Res again = call("POST", "/api/meetings/" + id + "/token", USER, null);
            assertThat(again.status).isEqualTo(200);
            assertThat(again.json().get("displayName").asText())
                    .isNotEqualTo(USER)
                    .startsWithIgnoringCase(USER);

            assertThat(call("POST", "/api/meetings/" + id + "/token", null, "{}").status)
                    .isEqualTo(401);
            assertThat(call("POST", "/api/meetings/" + id + "/token", GUEST, "{}").status)
                    .isEqualTo(403);
            assertThat(meters.find("meetkit.tokens.issued")
                            .tag("role", "SPEAKER")
                            .counter()
                            .count())
                    .isGreaterThanOrEqualTo(2);
        }

        @Test
        @DisplayName("a role secret gives its role; a wrong one is 403; a closed meeting 409 meeting_closed")
        void secretsAndClosed() throws Exception {
            UUID id = newMeeting("Guest links");
            JsonNode m = call("GET", "/api/meetings/" + id, ADMIN, null).json();
            Res moderator = call(
                    "POST",
                    "/api/meetings/" + id + "/token",
                    USER,
                    JSON.writeValueAsString(
                            java.util.Map.of("secret", m.get("moderatorSecret").asText())));
            assertThat(moderator.json().get("role").get("name").asText()).isEqualTo("MODERATOR");
            Res wrong = call("POST", "/api/meetings/" + id + "/token", USER, "{\"secret\":\"nope\"}");
            assertThat(wrong.status).isEqualTo(403);

            UUID closedId = newMeeting("Closed for tokens");
            call("POST", "/api/meetings/" + closedId + "/close", ADMIN, null);
            Res closed = call("POST", "/api/meetings/" + closedId + "/token", USER, "{}");
            assertThat(closed.status).isEqualTo(409);
            assertThat(closed.json().get("code").asText()).isEqualTo("meeting_closed");
            assertThat(call("POST", "/api/meetings/" + UUID.randomUUID() + "/token", USER, "{}").status)
                    .isEqualTo(404);
        }

        @Test
        @DisplayName("refresh: the participant's own token proves the identity, for admins too")
        void refresh() throws Exception {
            UUID id = newMeeting("Refresh me");
            JsonNode t =
                    call("POST", "/api/meetings/" + id + "/token", USER, "{}").json();
            String identity = t.get("identity").asText();
            LIVEKIT.joinParticipant(roomName(id), identity);
            JsonNode other =
                    call("POST", "/api/meetings/" + id + "/token", ADMIN, "{}").json();

            Res ok = call(
                    "POST",
                    "/api/meetings/" + id + "/token/refresh",
                    USER,
                    JSON.writeValueAsString(java.util.Map.of(
                            "identity", identity, "token", t.get("token").asText())));
            assertThat(ok.status).as(ok.body).isEqualTo(200);
            assertThat(ok.json().get("identity").asText()).isEqualTo(identity);
            assertThat(ok.json().get("role").get("name").asText()).isEqualTo("SPEAKER");

            Res noToken = call(
                    "POST",
                    "/api/meetings/" + id + "/token/refresh",
                    USER,
                    JSON.writeValueAsString(java.util.Map.of("identity", identity)));
            assertThat(noToken.status).isEqualTo(400);
            Res othersToken = call(
                    "POST",
                    "/api/meetings/" + id + "/token/refresh",
                    USER,
                    JSON.writeValueAsString(java.util.Map.of(
                            "identity", identity, "token", other.get("token").asText())));
            assertThat(othersToken.status).isEqualTo(403);
            Res adminWithoutToken = call(
                    "POST",
                    "/api/meetings/" + id + "/token/refresh",
                    ADMIN,
                    JSON.writeValueAsString(java.util.Map.of("identity", identity)));
            assertThat(adminWithoutToken.status).isEqualTo(400);
            Res admin = call(
                    "POST",
                    "/api/meetings/" + id + "/token/refresh",
                    ADMIN,
                    JSON.writeValueAsString(java.util.Map.of(
                            "identity", identity, "token", t.get("token").asText())));
            assertThat(admin.status).isEqualTo(200);
        }

        @Test
        @DisplayName("issue 13: Dana's old SPEAKER token does not refresh into the MODERATOR later given her name")
        void danasOldTokenDoesNotRefreshIntoTheNextDana() throws Exception {
            UUID id = newMeeting("Dana's meeting");
            JsonNode dana = call("POST", "/api/meetings/" + id + "/token", USER, "{\"displayName\":\"Dana\"}")
                    .json();
            assertThat(dana.get("role").get("name").asText()).isEqualTo("SPEAKER");
            assertThat(dana.get("displayName").asText()).isEqualTo("Dana");
            String oldToken = dana.get("token").asText();
            String danasIdentity = dana.get("identity").asText();
            LIVEKIT.join(oldToken);
            LIVEKIT.leaveParticipant(roomName(id), danasIdentity);
            // participant_left reaches the app over HTTP and releases "Dana"
            Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> kit.tokens().reservedNames(id).isEmpty());
            JsonNode next = call("POST", "/api/meetings/" + id + "/token", ADMIN, "{\"displayName\":\"Dana\"}")
                    .json();
            assertThat(next.get("role").get("name").asText()).isEqualTo("MODERATOR");
            assertThat(next.get("displayName").asText()).isEqualTo("Dana");
            assertThat(next.get("identity").asText())
                    .isNotEqualTo(danasIdentity)
                    .isNotEqualTo("Dana");
            LIVEKIT.join(next.get("token").asText());

            for (String identity : List.of("Dana", next.get("identity").asText(), danasIdentity)) {
                Res r = call(
                        "POST",
                        "/api/meetings/" + id + "/token/refresh",
                        USER,
                        JSON.writeValueAsString(java.util.Map.of("identity", identity, "token", oldToken)));
                assertThat(r.status).as(identity + ": " + r.body).isIn(403, 404);
                assertThat(r.body).doesNotContain("MODERATOR");
            }
        }

        @Test
        @DisplayName("role change of a connected participant: admin only, unknown roles 400")
        void roleChange() throws Exception {
            UUID id = newMeeting("Promote me");
            String identity = call("POST", "/api/meetings/" + id + "/token", USER, "{}")
                    .json()
                    .get("identity")
                    .asText();
            LIVEKIT.joinParticipant(roomName(id), identity);
            String path = "/api/meetings/" + id + "/participants/" + identity + "/role";
            assertThat(call("PUT", path, USER, "{\"role\":\"MODERATOR\"}").status)
                    .isEqualTo(403);
            Res promoted = call("PUT", path, ADMIN, "{\"role\":\"MODERATOR\"}");
            assertThat(promoted.status).as(promoted.body).isEqualTo(200);
            assertThat(promoted.json().get("name").asText()).isEqualTo("MODERATOR");
            assertThat(promoted.json().get("canRecord").asBoolean()).isTrue();
            assertThat(call("PUT", path, ADMIN, "{\"role\":\"EMPEROR\"}").status)
                    .isEqualTo(400);
        }
    }

    // ================================================================ recordings

    @Nested
    @DisplayName("recordings")
    class Recordings {

        @Test
        @DisplayName("start, stop, list, get, 302 download, 206 range stream, delete; users read, admins change")
        void lifecycle() throws Exception {
            UUID id = newMeeting("Recorded");
            goLive(id);
            LIVEKIT.joinParticipant(roomName(id), "dave");
            assertThat(call("POST", "/api/meetings/" + id + "/recordings", USER, "{}").status)
                    .isEqualTo(403);
            Res started = call("POST", "/api/meetings/" + id + "/recordings", ADMIN, "{\"layout\":\"speaker\"}");
            assertThat(started.status).as(started.body).isEqualTo(201);
            String rid = started.json().get("id").asText();
            assertThat(started.header("Location")).isEqualTo("/api/recordings/" + rid);
            assertThat(started.json().get("startedBy").asText()).isEqualTo(ADMIN);
            Res second = call("POST", "/api/meetings/" + id + "/recordings", ADMIN, "{}");
            assertThat(second.status).isEqualTo(409);
            assertThat(second.json().get("code").asText()).isEqualTo("recording_in_progress");

            assertThat(call("POST", "/api/recordings/" + rid + "/stop", USER, null).status)
                    .isEqualTo(403);
            Res whileActive = call("GET", "/api/recordings/" + rid + "/download", USER, null);
            assertThat(whileActive.status).isEqualTo(409);
            assertThat(whileActive.json().get("code").asText()).isEqualTo("recording_state");
            assertThat(whileActive.json().get("retryable").asBoolean())
                    .as("an ACTIVE recording needs a stop, waiting does not help")
                    .isFalse();
            assertThat(whileActive.response().headers().firstValue("Retry-After"))
                    .isEmpty();

            // egress_ended held back: MeetKit sees the recording ENDING (the egress still finishing the file)
            LIVEKIT.holdWebhooks();
            try {
                Res stopped = call("POST", "/api/recordings/" + rid + "/stop", ADMIN, null);
                assertThat(stopped.status).isEqualTo(200);
                assertThat(stopped.json().get("status").asText()).isEqualTo("ENDING");
                for (String path : List.of("/download", "/media")) {
                    Res ending = call("GET", "/api/recordings/" + rid + path, USER, null);
                    assertThat(ending.status).as(path).isEqualTo(409);
                    assertThat(ending.header("Content-Type")).startsWith("application/problem+json");
                    assertThat(ending.json().get("code").asText()).isEqualTo("recording_state");
                    assertThat(ending.json().get("retryable").asBoolean())
                            .as(path + ": waiting for COMPLETE fixes it")
                            .isTrue();
                    assertThat(ending.header("Retry-After")).as(path).isEqualTo("5");
                }
            } finally {
                LIVEKIT.releaseHeldWebhooks(io.meetkit.testkit.WebhookOrder.AS_HAPPENED);
            }
            Awaitility.await()
                    .atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> assertThat(call("GET", "/api/recordings/" + rid, USER, null)
                                    .json()
                                    .get("status")
                                    .asText())
                            .isEqualTo("COMPLETE"));

            JsonNode ofMeeting = call("GET", "/api/meetings/" + id + "/recordings", USER, null)
                    .json();
            assertThat(ofMeeting.get("items")).hasSize(1);
            assertThat(call("GET", "/api/recordings?meetingId=" + id + "&status=COMPLETE", USER, null)
                            .json()
                            .get("items"))
                    .hasSize(1);
            long size = call("GET", "/api/recordings/" + rid, USER, null)
                    .json()
                    .get("sizeBytes")
                    .asLong();
            assertThat(size).isPositive();

            Res download = call("GET", "/api/recordings/" + rid + "/download", USER, null);
            assertThat(download.status).isEqualTo(302);
            HttpResponse<byte[]> file = HTTP.send(
                    HttpRequest.newBuilder(URI.create(download.header("Location")))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.body()).hasSize((int) size);

            HttpResponse<byte[]> whole = HTTP.send(
                    HttpRequest.newBuilder(uri("/api/recordings/" + rid + "/media"))
                            .header("Authorization", basic(USER, USER + "-pw"))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(whole.body()).isEqualTo(file.body());
            assertThat(whole.headers().firstValue("Accept-Ranges")).contains("bytes");

            HttpResponse<byte[]> part = HTTP.send(
                    HttpRequest.newBuilder(uri("/api/recordings/" + rid + "/media"))
                            .header("Authorization", basic(USER, USER + "-pw"))
                            .header("Range", "bytes=4-11")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(part.statusCode()).isEqualTo(206);
            assertThat(part.headers().firstValue("Content-Range")).contains("bytes 4-11/" + size);
            assertThat(part.headers().firstValue("Accept-Ranges")).contains("bytes");
            assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(file.body(), 4, 12));

            HttpResponse<String> past = HTTP.send(
                    HttpRequest.newBuilder(uri("/api/recordings/" + rid + "/media"))
                            .header("Authorization", basic(USER, USER + "-pw"))
                            .header("Range", "bytes=" + size + "-")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(past.statusCode()).isEqualTo(416);

            assertThat(call("GET", "/api/recordings/" + rid + "/media", null, null).status)
                    .isEqualTo(401);
            assertThat(call("DELETE", "/api/recordings/" + rid, USER, null).status)
                    .isEqualTo(403);
            assertThat(call("DELETE", "/api/recordings/" + rid, ADMIN, null).status)
                    .isEqualTo(204);
            Res gone = call("GET", "/api/recordings/" + rid, USER, null);
            assertThat(gone.status).isEqualTo(404);
            assertThat(gone.json().get("code").asText()).isEqualTo("recording_not_found");
        }
    }

    // ================================================================ webhooks

    @Nested
    @DisplayName("LiveKit webhook endpoint")
    class Webhooks {

        @Test
        @DisplayName(
                "deliveries signed by the fake LiveKit drive the meeting: started, joined, finished; no user login")
        void signedDeliveries() throws Exception {
            UUID id = newMeeting("Driven by webhooks");
            LIVEKIT.createRoom(roomName(id));
            awaitStatus(id, MeetingStatus.ACTIVE);
            LIVEKIT.joinParticipant(roomName(id), "carol");
            assertThat(call("GET", "/api/meetings/" + id, USER, null)
                            .json()
                            .get("status")
                            .asText())
                    .isEqualTo("ACTIVE");
            LIVEKIT.finishRoom(roomName(id));
            awaitStatus(id, MeetingStatus.OPEN);
            assertThat(LIVEKIT.sentWebhooks("room_finished")).isNotEmpty();
            assertThat(meters.find("meetkit.webhooks.received")
                            .tag("event", "room_started")
                            .tag("outcome", "processed")
                            .counter())
                    .isNotNull();
        }

        @Test
        @DisplayName("a delivery repeated by LiveKit is answered 200 and applied once")
        void duplicate() throws Exception {
            UUID id = newMeeting("Delivered twice");
            SentWebhookCapture capture = new SentWebhookCapture();
            LIVEKIT.createRoom(roomName(id));
            awaitStatus(id, MeetingStatus.ACTIVE);
            var started = LIVEKIT.sentWebhooks("room_started");
            var last = started.get(started.size() - 1);
            Res again = capture.post(last.body(), last.authorization());
            assertThat(again.status).isEqualTo(200);
            assertThat(again.json().get("status").asText()).isEqualTo("duplicate");
        }

        @Test
        @DisplayName("refused before parsing: tampered body, no signature, foreign key 401; oversized 413")
        void rejected() throws Exception {
            byte[] body = "{\"event\":\"room_started\",\"id\":\"EV_forged\",\"room\":{\"name\":\"x\"}}"
                    .getBytes(StandardCharsets.UTF_8);
            String signature = LIVEKIT.signWebhook(body);
            SentWebhookCapture capture = new SentWebhookCapture();

            Res tampered = capture.post("{\"event\":\"room_finished\"}".getBytes(StandardCharsets.UTF_8), signature);
            assertThat(tampered.status).isEqualTo(401);
            assertThat(tampered.header("Content-Type")).startsWith("application/problem+json");
            assertThat(tampered.json().get("code").asText()).startsWith("webhook_");

            Res unsigned = capture.post(body, null);
            assertThat(unsigned.status).isEqualTo(401);
            assertThat(unsigned.json().get("code").asText()).isEqualTo("webhook_missing_auth");

            Res bearer = capture.post(body, "Bearer " + signature);
            assertThat(bearer.status).isEqualTo(401);

            try (FakeLiveKitServer other =
                    FakeLiveKitServer.builder().apiKey("otherkey").build()) {
                Res foreign = capture.post(body, other.signWebhook(body));
                assertThat(foreign.status).isEqualTo(401);
            }

            byte[] huge =
                    new byte[io.meetkit.livekit.LiveKitWebhooks.DEFAULT_BODY_LIMIT + 1024]; // over the default limit
            java.util.Arrays.fill(huge, (byte) ' ');
            Res oversized = capture.post(huge, LIVEKIT.signWebhook(huge));
            assertThat(oversized.status).isEqualTo(413);
            assertThat(oversized.json().get("code").asText()).isEqualTo("webhook_body_too_large");
            assertThat(meters.find("meetkit.webhooks.received")
                            .tag("outcome", "rejected")
                            .counter()
                            .count())
                    .isGreaterThanOrEqualTo(5);
        }
    }

    /** Posts raw webhook bodies as LiveKit does ({@code application/webhook+json}, JWT without "Bearer"). */
    class SentWebhookCapture {
        Res post(byte[] body, @Nullable String authorization) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri("/livekit/webhook"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/webhook+json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            return send(b.build());
        }
    }

    // ================================================================ operations

    @Nested
    @DisplayName("operations")
    class Operations {

        @Test
        @DisplayName("Actuator health: meetkit UP with LiveKit and store details; LiveKit down shows, stays UP")
        void health() throws Exception {
            Res up = call("GET", "/actuator/health/meetkit", null, null);
            assertThat(up.status).as(up.body).isEqualTo(200);
            assertThat(up.json().get("status").asText()).isEqualTo("UP");
            JsonNode details = up.json().get("details");
            assertThat(details.get("livekit").asText()).isEqualTo("UP");
            assertThat(details.get("store").asText()).isEqualTo("UP");
            assertThat(details.has("livekitLatencyMs")).isTrue();
            assertThat(details.has("storeLatencyMs")).isTrue();

            LIVEKIT.failNext("ListRooms", 5, Fault.twirp(TwirpCode.UNAVAILABLE, "down"));
            try {
                Res down = call("GET", "/actuator/health/meetkit", null, null);
                assertThat(down.status).as(down.body).isEqualTo(200);
                assertThat(down.json().get("status").asText()).isEqualTo("UP");
                assertThat(down.json().get("details").get("livekit").asText()).startsWith("DOWN");
                assertThat(down.json().get("details").get("store").asText()).isEqualTo("UP");
            } finally {
                LIVEKIT.clearFaults();
            }
        }

        @Test
        @DisplayName("probes: meetkit is in the readiness group, not in the liveness group")
        void probeGroups() throws Exception {
            Res readiness = call("GET", "/actuator/health/readiness", null, null);
            assertThat(readiness.status).as(readiness.body).isEqualTo(200);
            assertThat(readiness.json().get("components").has("meetkit")).isTrue();
            assertThat(readiness.json().get("components").has("readinessState")).isTrue();
            Res liveness = call("GET", "/actuator/health/liveness", null, null);
            assertThat(liveness.status).as(liveness.body).isEqualTo(200);
            assertThat(liveness.json().has("components")
                            && liveness.json().get("components").has("meetkit"))
                    .isFalse();
        }

        @Test
        @DisplayName("Micrometer: LiveKit calls timed by RPC and outcome; the active recordings gauge")
        void metrics() throws Exception {
            UUID id = newMeeting("Metered");
            call("GET", "/api/meetings/" + id + "/participants", ADMIN, null);
            Timer calls = meters.find("meetkit.livekit.calls")
                    .tag("rpc", "listParticipants")
                    .timer();
            assertThat(calls).isNotNull();
            assertThat(calls.count()).isPositive();
            assertThat(meters.find("meetkit.recordings.active").gauge()).isNotNull();
            assertThat(meters.find("meetkit.recordings.active").gauge().value()).isZero();
        }
    }

    // ================================================================ access: role secrets, role permissions, mute

    @Nested
    @DisplayName("meeting access: role secrets, role permissions, mute (issue 16 item 5)")
    class Access {

        @Test
        @DisplayName("rotate-secrets: new moderator and speaker secrets; a token for the old one is refused")
        void rotateSecrets() throws Exception {
            UUID id = newMeeting("Rotate");
            JsonNode before = call("GET", "/api/meetings/" + id, ADMIN, null).json();
            String oldSpeaker = before.get("speakerSecret").asText();

            Res r = call("POST", "/api/meetings/" + id + "/rotate-secrets", ADMIN, null);

            assertThat(r.status).as(r.body).isEqualTo(200);
            String newSpeaker = r.json().get("speakerSecret").asText();
            assertThat(newSpeaker).isNotBlank().isNotEqualTo(oldSpeaker);
            assertThat(r.json().get("moderatorSecret").asText())
                    .isNotBlank()
                    .isNotEqualTo(before.get("moderatorSecret").asText());
            Res old = call(
                    "POST",
                    "/api/meetings/" + id + "/token",
                    USER,
                    "{\"displayName\":\"Old link\",\"secret\":\"" + oldSpeaker + "\"}");
            assertThat(old.status).as(old.body).isEqualTo(403);
            Res fresh = call(
                    "POST",
                    "/api/meetings/" + id + "/token",
                    USER,
                    "{\"displayName\":\"New link\",\"secret\":\"" + newSpeaker + "\"}");
            assertThat(fresh.status).as(fresh.body).isEqualTo(200);
            assertThat(call("POST", "/api/meetings/" + UUID.randomUUID() + "/rotate-secrets", ADMIN, null).status)
                    .isEqualTo(404);
        }

        @Test
        @DisplayName("role-permissions: every role of the policy with OpenVidu Meet's keys and the meeting's version")
        void readRolePermissions() throws Exception {
            UUID id = newMeeting("Permissions");
            Res r = call("GET", "/api/meetings/" + id + "/role-permissions", ADMIN, null);
            assertThat(r.status).as(r.body).isEqualTo(200);
            JsonNode json = r.json();
            assertThat(json.get("meetingId").asText()).isEqualTo(id.toString());
            assertThat(json.get("version").asLong())
                    .isEqualTo(stores.meetings().findById(id).orElseThrow().version());
            List<String> roles = new ArrayList<>();
            json.get("roles").forEach(role -> roles.add(role.get("role").asText()));
            assertThat(roles).startsWith("MODERATOR", "SPEAKER", "VIEWER");
            JsonNode speaker = json.get("roles").get(1);
            assertThat(speaker.get("overridden").asBoolean()).isFalse();
            assertThat(speaker.get("permissions").size()).isEqualTo(io.meetkit.meeting.Permission.values().length);
            assertThat(speaker.get("permissions").get("recordingControl").asBoolean())
                    .isFalse();
            assertThat(speaker.get("permissions").get("chatWrite").asBoolean()).isTrue();
            assertThat(json.get("roles")
                            .get(0)
                            .get("effective")
                            .get("meetingEnd")
                            .asBoolean())
                    .isTrue();
        }

        @Test
        @DisplayName("PATCH role-permissions/{role}: with the version read; stale 409, bad input 400, nothing stored")
        void changeRolePermissions() throws Exception {
            UUID id = newMeeting("Change permissions");
            String path = "/api/meetings/" + id + "/role-permissions/speaker";
            long v = stores.meetings().findById(id).orElseThrow().version();

            Res missingVersion = call("PATCH", path, ADMIN, "{\"permissions\":{\"recordingControl\":true}}");
            assertThat(missingVersion.status).isEqualTo(400);
            assertThat(fields(missingVersion.json())).contains("version");
            Res unknownKey = call(
                    "PATCH",
                    path,
                    ADMIN,
                    "{\"version\":" + v + ",\"permissions\":{\"recordingControl\":true,\"fly\":true}}");
            assertThat(unknownKey.status).isEqualTo(400);
            assertThat(unknownKey.header("Content-Type")).startsWith("application/problem+json");
            assertThat(unknownKey.json().get("code").asText()).isEqualTo("invalid_request");
            assertThat(fields(unknownKey.json())).containsExactly("permissions.fly");
            Res unknownRole = call(
                    "PATCH",
                    "/api/meetings/" + id + "/role-permissions/HOST",
                    ADMIN,
                    "{\"version\":" + v + ",\"permissions\":{\"recordingControl\":true}}");
            assertThat(unknownRole.status).isEqualTo(400);
            assertThat(fields(unknownRole.json())).containsExactly("role");
            Res both = call(
                    "PATCH",
                    path,
                    ADMIN,
                    "{\"version\":" + v + ",\"reset\":true,\"permissions\":{\"chatWrite\":true}}");
            assertThat(fields(both.json())).containsExactly("reset");
            Res neither = call("PATCH", path, ADMIN, "{\"version\":" + v + "}");
            assertThat(fields(neither.json())).containsExactly("permissions");
            Res stale = call(
                    "PATCH", path, ADMIN, "{\"version\":" + (v + 7) + ",\"permissions\":{\"recordingControl\":true}}");
            assertThat(stale.status).isEqualTo(409);
            assertThat(stale.json().get("code").asText()).isEqualTo("stale_version");
            assertThat(stores.meetings().findById(id).orElseThrow().version())
                    .as("nothing stored on a rejected call")
                    .isEqualTo(v);
            assertThat(stores.meetings().findById(id).orElseThrow().settings().rolePermissions())
                    .isEmpty();

            Res ok = call(
                    "PATCH",
                    path,
                    ADMIN,
                    "{\"version\":" + v + ",\"permissions\":{\"recordingControl\":true,\"chatWrite\":false}}");

            assertThat(ok.status).as(ok.body).isEqualTo(200);
            assertThat(ok.json().get("version").asLong()).isEqualTo(v + 1);
            JsonNode speaker = ok.json().get("roles").get(1);
            assertThat(speaker.get("role").asText()).isEqualTo("SPEAKER");
            assertThat(speaker.get("overridden").asBoolean()).isTrue();
            assertThat(speaker.get("permissions").get("recordingControl").asBoolean())
                    .isTrue();
            assertThat(speaker.get("permissions").get("chatWrite").asBoolean()).isFalse();
            assertThat(speaker.get("permissions").get("chatRead").asBoolean())
                    .as("absent keys keep their value")
                    .isTrue();
            assertThat(stores.meetings()
                            .findById(id)
                            .orElseThrow()
                            .settings()
                            .rolePermissions("SPEAKER")
                            .orElseThrow()
                            .contains(io.meetkit.meeting.Permission.RECORDING_CONTROL))
                    .isTrue();
            Res token = call("POST", "/api/meetings/" + id + "/token", USER, "{}");
            assertThat(token.json().get("role").get("canRecord").asBoolean())
                    .as("tokens issued afterwards carry the new permissions")
                    .isTrue();

            Res reset = call("PATCH", path, ADMIN, "{\"version\":" + (v + 1) + ",\"reset\":true}");
            assertThat(reset.status).as(reset.body).isEqualTo(200);
            assertThat(reset.json().get("roles").get(1).get("overridden").asBoolean())
                    .isFalse();
            assertThat(reset.json()
                            .get("roles")
                            .get(1)
                            .get("permissions")
                            .get("recordingControl")
                            .asBoolean())
                    .isFalse();
        }

        @Test
        @DisplayName("mute one track (200, LiveKit's answer), an unknown track 404; mute-all spares moderators")
        void mute() throws Exception {
            UUID id = newMeeting("Mute");
            var host = kit.tokens().issue(id, TokenRequest.of("Host", "MODERATOR"));
            var guest = kit.tokens().issue(id, TokenRequest.of("Guest", "SPEAKER"));
            LIVEKIT.join(host.token(), FakeTrack.microphone());
            LIVEKIT.join(guest.token(), FakeTrack.microphone(), FakeTrack.camera());
            String room = roomName(id);
            String guestMic = LIVEKIT.participant(room, guest.identity()).orElseThrow().getTracksList().stream()
                    .filter(t -> t.getType() == livekit.LivekitModels.TrackType.AUDIO)
                    .findFirst()
                    .orElseThrow()
                    .getSid();
            String hostMic = LIVEKIT.participant(room, host.identity())
                    .orElseThrow()
                    .getTracks(0)
                    .getSid();

            String participants = "/api/meetings/" + id + "/participants/";
            Res one = call("POST", participants + host.identity() + "/tracks/" + hostMic + "/mute", ADMIN, null);
            assertThat(one.status).as(one.body).isEqualTo(200);
            assertThat(one.json().get("sid").asText()).isEqualTo(hostMic);
            assertThat(one.json().get("muted").asBoolean()).isTrue();
            assertThat(LIVEKIT.participant(room, host.identity())
                            .orElseThrow()
                            .getTracks(0)
                            .getMuted())
                    .isTrue();
            Res unknown =
                    call("POST", participants + host.identity() + "/tracks/TR_unknown/mute", ADMIN, "{\"muted\":true}");
            assertThat(unknown.status).isEqualTo(404);
            assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");

            Res all = call("POST", "/api/meetings/" + id + "/mute-all", ADMIN, null);

            assertThat(all.status).as(all.body).isEqualTo(200);
            assertThat(all.json().get("muted")).hasSize(1);
            assertThat(all.json().get("muted").get(0).get("sid").asText()).isEqualTo(guestMic);
            assertThat(all.json().get("muted").get(0).get("muted").asBoolean()).isTrue();
            assertThat(LIVEKIT.participant(room, guest.identity()).orElseThrow().getTracksList())
                    .allSatisfy(t -> assertThat(t.getMuted())
                            .as(t.getSource().name())
                            .isEqualTo(t.getType() == livekit.LivekitModels.TrackType.AUDIO));
        }
    }

    // ================================================================ meeting-level permissions

    /**
     * The REST API enforces a user's role permissions in the meeting, as OpenVidu Meet's backend does with
     * {@code withRoomMemberPermission} ({@code meet-ce/backend/src/routes/meeting.routes.ts}: end meetingEnd, kick
     * participantKick, role participantPromote) and {@code authorizeRecordingControl} /
     * {@code applyRecordingListAccessFilters} / {@code authorizeRecordingAccess} ({@code recording.routes.ts},
     * {@code middlewares/recording.middleware.ts}). Meet has no mute endpoint nor permission: mute is moderation
     * of other participants, so it takes participantKick. The default resolver makes the user a SPEAKER.
     */
    @Nested
    @DisplayName("meeting-level permissions of users (issue 16 item 3)")
    class Enforcement {

        void allowSpeaker(UUID id, String permissions) throws Exception {
            long v = stores.meetings().findById(id).orElseThrow().version();
            Res r = call(
                    "PATCH",
                    "/api/meetings/" + id + "/role-permissions/SPEAKER",
                    ADMIN,
                    "{\"version\":" + v + ",\"permissions\":" + permissions + "}");
            assertThat(r.status).as(r.body).isEqualTo(200);
        }

        void assertDenied(Res r, String permission) throws IOException {
            assertThat(r.status).as(r.body).isEqualTo(403);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.json().get("code").asText()).isEqualTo("permission_denied");
            assertThat(r.json().get("detail").asText()).contains(permission);
        }

        @Test
        @DisplayName(
                "a SPEAKER user: 403 permission_denied for end, kick, role, mute, secrets, recording; nothing done")
        void speakerIsRefused() throws Exception {
            UUID id = newMeeting("Speaker refused");
            goLive(id);
            LIVEKIT.joinParticipant(roomName(id), "bob");
            String m = "/api/meetings/" + id;
            String secret = stores.meetings().findById(id).orElseThrow().speakerSecret();

            assertDenied(call("POST", m + "/end", USER, null), "meetingEnd");
            assertDenied(call("DELETE", m + "/participants/bob", USER, null), "participantKick");
            assertDenied(
                    call("PUT", m + "/participants/bob/role", USER, "{\"role\":\"MODERATOR\"}"), "participantPromote");
            assertDenied(call("POST", m + "/participants/bob/tracks/TR_x/mute", USER, null), "participantKick");
            assertDenied(call("POST", m + "/mute-all", USER, null), "participantKick");
            assertDenied(call("POST", m + "/rotate-secrets", USER, null), "roomShareAccessLinks");
            assertDenied(call("POST", m + "/recordings", USER, "{}"), "recordingControl");

            Res get = call("GET", m, USER, null);
            assertThat(get.json().get("speakerSecret").isNull())
                    .as("no secrets without roomShareAccessLinks")
                    .isTrue();
            assertThat(stores.meetings().findById(id).orElseThrow().status()).isEqualTo(MeetingStatus.ACTIVE);
            assertThat(stores.meetings().findById(id).orElseThrow().speakerSecret())
                    .isEqualTo(secret);
            assertThat(LIVEKIT.participant(roomName(id), "bob")).isPresent();
            assertThat(kit.recordings()
                            .list(io.meetkit.recording.RecordingQuery.builder()
                                    .meetingId(id)
                                    .build())
                            .items())
                    .isEmpty();
        }

        @Test
        @DisplayName("the meeting gives SPEAKER the permissions: the same user may share links, kick and end")
        void meetingGrantsThem() throws Exception {
            UUID id = newMeeting("Speaker allowed");
            goLive(id);
            LIVEKIT.joinParticipant(roomName(id), "bob");
            String m = "/api/meetings/" + id;
            allowSpeaker(id, "{\"roomShareAccessLinks\":true,\"participantKick\":true,\"meetingEnd\":true}");

            Res get = call("GET", m, USER, null);
            assertThat(get.json().get("speakerSecret").asText()).isNotBlank();
            Res rotated = call("POST", m + "/rotate-secrets", USER, null);
            assertThat(rotated.status).as(rotated.body).isEqualTo(200);
            assertThat(rotated.json().get("speakerSecret").asText())
                    .isNotEqualTo(get.json().get("speakerSecret").asText());
            assertThat(call("DELETE", m + "/participants/bob", USER, null).status)
                    .isEqualTo(204);
            assertDenied(
                    call("PUT", m + "/participants/bob/role", USER, "{\"role\":\"MODERATOR\"}"), "participantPromote");
            Res end = call("POST", m + "/end", USER, null);
            assertThat(end.status).as(end.body).isEqualTo(200);
            assertThat(end.json().get("ended").asBoolean()).isTrue();
        }

        @Test
        @DisplayName("recordingList off for SPEAKER: the meeting's list 403, the list across meetings leaves it out")
        void recordingList() throws Exception {
            UUID id = newMeeting("No list");
            assertThat(call("GET", "/api/meetings/" + id + "/recordings", USER, null).status)
                    .isEqualTo(200);
            allowSpeaker(id, "{\"recordingList\":false}");

            assertDenied(call("GET", "/api/meetings/" + id + "/recordings", USER, null), "recordingList");
            assertDenied(call("GET", "/api/recordings?meetingId=" + id, USER, null), "recordingList");
            assertThat(call("GET", "/api/meetings/" + id + "/recordings", ADMIN, null).status)
                    .isEqualTo(200);
        }

        @Test
        @DisplayName("recordings: recordingControl lets a user start and stop; play, download, list, delete refused")
        void recordingPermissions() throws Exception {
            UUID id = newMeeting("Recorded by a speaker");
            goLive(id);
            LIVEKIT.joinParticipant(roomName(id), "erin");
            allowSpeaker(id, "{\"recordingControl\":true}");
            Res started = call("POST", "/api/meetings/" + id + "/recordings", USER, "{}");
            assertThat(started.status).as(started.body).isEqualTo(201);
            String rid = started.json().get("id").asText();
            Res stopped = call("POST", "/api/recordings/" + rid + "/stop", USER, null);
            assertThat(stopped.status).as(stopped.body).isEqualTo(200);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> assertThat(call("GET", "/api/recordings/" + rid, ADMIN, null)
                                    .json()
                                    .get("status")
                                    .asText())
                            .isEqualTo("COMPLETE"));
            allowSpeaker(id, "{\"recordingPlay\":false,\"recordingDownload\":false,\"recordingList\":false}");

            assertDenied(call("GET", "/api/recordings/" + rid, USER, null), "recordingPlay");
            assertDenied(call("GET", "/api/recordings/" + rid + "/media", USER, null), "recordingPlay");
            assertDenied(call("GET", "/api/recordings/" + rid + "/download", USER, null), "recordingDownload");
            assertDenied(call("DELETE", "/api/recordings/" + rid, USER, null), "recordingDelete");
            List<String> seenByUser = new ArrayList<>();
            call("GET", "/api/recordings?limit=100", USER, null)
                    .json()
                    .get("items")
                    .forEach(r -> seenByUser.add(r.get("id").asText()));
            assertThat(seenByUser).doesNotContain(rid);
            List<String> seenByAdmin = new ArrayList<>();
            call("GET", "/api/recordings?limit=100", ADMIN, null)
                    .json()
                    .get("items")
                    .forEach(r -> seenByAdmin.add(r.get("id").asText()));
            assertThat(seenByAdmin).as("the same page, for an admin").contains(rid);
            assertThat(call("GET", "/api/recordings/" + rid, ADMIN, null).status)
                    .as("not deleted")
                    .isEqualTo(200);
        }
    }

    // ================================================================ helpers

    double tokensIssued(String role) {
        var counter = meters.find("meetkit.tokens.issued").tag("role", role).counter();
        return counter == null ? 0 : counter.count();
    }

    // ================================================================ messages

    @Nested
    @DisplayName("validation messages")
    class Messages {

        @Test
        @DisplayName("every validation message, core's and the REST layer's, is one sentence with no doubled words")
        void everyValidationMessageIsOneSentenceWithoutDoubledWords() throws Exception {
            UUID id = newMeeting("Messages");
            String m = "/api/meetings/" + id;
            String tooMany = JSON.writeValueAsString(java.util.stream.IntStream.range(0, 33)
                    .boxed()
                    .collect(java.util.stream.Collectors.toMap(i -> "k" + i, i -> "v")));
            List<Res> bad = List.of(
                    call("GET", "/api/meetings?limit=0", ADMIN, null),
                    call("GET", "/api/meetings?limit=1000&status=NOPE", ADMIN, null),
                    call("GET", "/api/meetings?createdBy=" + "x".repeat(201), ADMIN, null),
                    call("POST", "/api/meetings", ADMIN, "{\"title\":\" \"}"),
                    call(
                            "POST",
                            "/api/meetings",
                            ADMIN,
                            "{\"title\":\"" + "t".repeat(201) + "\",\"endAction\":\"BOOM\","
                                    + "\"autoDeleteAt\":\"2000-01-01T00:00:00Z\","
                                    + "\"settings\":{\"maxParticipants\":100000,\"emptyTimeoutSeconds\":-1},"
                                    + "\"attributes\":{\"bad key!\":\"v\"}}"),
                    call("POST", "/api/meetings", ADMIN, "{\"title\":\"x\",\"attributes\":" + tooMany + "}"),
                    call("PATCH", m, ADMIN, "{\"title\":\"x\"}"),
                    call(
                            "PATCH",
                            m,
                            ADMIN,
                            "{\"version\":0,\"clearAutoDelete\":true," + "\"autoDeleteAt\":\"2999-01-01T00:00:00Z\"}"),
                    call("DELETE", "/api/meetings", ADMIN, null),
                    call("DELETE", m + "?withMeeting=NOPE&withRecordings=NOPE", ADMIN, null),
                    call("POST", m + "/token", USER, "{\"displayName\":\" \"}"),
                    call("POST", m + "/token", USER, "{\"displayName\":\"" + "n".repeat(51) + "\"}"),
                    call("POST", m + "/token", USER, "{\"displayName\":\"a\\u0007b\",\"attributes\":" + tooMany + "}"),
                    call("POST", m + "/token/refresh", ADMIN, "{}"),
                    call("PUT", m + "/participants/bob/role", ADMIN, "{\"role\":\"OWNER\"}"),
                    call("PUT", m + "/participants/bob/role", ADMIN, "{}"),
                    call("GET", m + "/recordings?limit=0&status=NOPE", ADMIN, null),
                    call("GET", "/api/recordings?limit=101", ADMIN, null),
                    call("POST", m + "/recordings", ADMIN, "{\"layout\":\"\\u0000\",\"encoding\":\"NOPE\"}"));
            List<String> walked = new ArrayList<>();
            List<String> unclear = new ArrayList<>();
            for (Res r : bad) {
                assertThat(r.status).as(r.body).isEqualTo(400);
                JsonNode problem = r.json();
                assertThat(problem.get("violations")).as(r.body).isNotEmpty();
                problem.get("violations").forEach(v -> {
                    String field = v.get("field").asText();
                    String message = v.get("message").asText();
                    walked.add(field + " " + message);
                    String last = field.substring(field.lastIndexOf('.') + 1);
                    if (!doubledWords(field + " " + message).isEmpty()
                            || words(message).contains(last.toLowerCase(java.util.Locale.ROOT))) {
                        unclear.add(field + " " + message);
                    }
                });
                if (!doubledWords(problem.get("detail").asText()).isEmpty()) {
                    unclear.add(problem.get("detail").asText());
                }
            }
            assertThat(walked).hasSizeGreaterThan(bad.size());
            assertThat(unclear)
                    .as("messages with a doubled word or their own field's name")
                    .isEmpty();
        }

        static List<String> words(String text) {
            return List.of(text.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}]+"));
        }

        /** Each word that follows itself, as in "limit limit". */
        static List<String> doubledWords(String text) {
            List<String> w = words(text);
            return java.util.stream.IntStream.range(1, w.size())
                    .filter(i -> !w.get(i).isEmpty() && w.get(i).equals(w.get(i - 1)))
                    .mapToObj(w::get)
                    .toList();
        }
    }

    UUID newMeeting(String title) throws Exception {
        Res r = call("POST", "/api/meetings", ADMIN, JSON.writeValueAsString(java.util.Map.of("title", title)));
        assertThat(r.status).as(r.body).isEqualTo(201);
        return UUID.fromString(r.json().get("id").asText());
    }

    String roomName(UUID id) {
        return stores.meetings().findById(id).orElseThrow().roomName();
    }

    /** Starts the meeting's LiveKit room in the fake; its signed room_started webhook makes the meeting ACTIVE. */
    void goLive(UUID id) throws Exception {
        LIVEKIT.createRoom(roomName(id));
        awaitStatus(id, MeetingStatus.ACTIVE);
    }

    void awaitStatus(UUID id, MeetingStatus status) throws Exception {
        assertThat(LIVEKIT.awaitWebhookDeliveries(Duration.ofSeconds(10))).isTrue();
        assertThat(LIVEKIT.webhookDeliveryErrors()).isEmpty();
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(stores.meetings().findById(id).map(Meeting::status))
                        .contains(status));
    }

    static List<String> fields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.get("violations").forEach(v -> fields.add(v.get("field").asText()));
        return fields;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + env.getRequiredProperty("local.server.port") + path);
    }

    Res call(String method, String path, @Nullable String user, @Nullable String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (user != null) {
            b.header("Authorization", basic(user, user + "-pw"));
        }
        return send(b.build());
    }

    static Res send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return new Res(r.statusCode(), r.body(), r);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    record Res(int status, String body, HttpResponse<String> response) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse("");
        }
    }
}
