package io.meetkit.participant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meetkit.MeetKit;
import io.meetkit.NotFoundException;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingSettings;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.store.InMemoryStores;
import io.meetkit.testkit.FakeLiveKitServer;
import io.meetkit.testkit.JoinRefusedException;
import io.meetkit.testkit.MutableClock;
import io.meetkit.testkit.RecordedRequest;
import io.meetkit.testkit.cluster.MeetKitCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import livekit.LivekitModels.Room;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 3: every participant token that can join carries LiveKit's {@code roomConfig} claim, so whoever
 * creates the room, LiveKit on a join or MeetKit, creates it with the meeting's settings, on any number of instances.
 *
 * <p>LiveKit's side, followed by the fake ({@code meeting-testkit} {@code internal/ClientJoin}): the claim is
 * {@code livekit/protocol} {@code auth/grants.go} {@code ClaimGrants.RoomConfig}, a {@code livekit.RoomConfiguration}
 * ({@code protobufs/livekit_room.proto}) read and written with protojson ({@code RoomConfiguration.MarshalJSON} /
 * {@code UnmarshalJSON}: camelCase names, numbers for {@code uint32}); {@code livekit/livekit}
 * {@code pkg/service/utils.go} {@code ValidateConnectRequest} turns it into the join's CreateRoom request
 * ({@code SetRoomConfiguration}: empty and departure timeouts, max participants, metadata), which
 * {@code pkg/service/roomallocator.go} {@code CreateRoom} applies to a room it creates. With {@code room.auto_create}
 * off ({@code ValidateCreateRoom}) a join into a missing room is refused, which the explicit mode
 * ({@link MeetKit.Builder#createRoomsOnJoin(boolean)}) is for.
 */
class RoomConfigTokensTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static FakeLiveKitServer fake;
    /**
     * LiveKit's clock. Webhook times are whole seconds ({@code WebhookEvent.created_at}), and two sessions of one
     * room that start in the same second are ordered by their random sids, so each test lets a second pass between
     * a room's sessions, as a person needs to rejoin.
     */
    private static MutableClock liveKitClock;

    private @Nullable MeetKitCluster cluster;

    @BeforeAll
    static void startFake() {
        liveKitClock = new MutableClock(Instant.now());
        fake = FakeLiveKitServer.builder().clock(liveKitClock).build().start();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @BeforeEach
    void reset() {
        fake.reset();
    }

    @AfterEach
    void closeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private MeetKitCluster cluster(boolean createRoomsOnJoin) {
        cluster = MeetKitCluster.builder()
                .instances(2)
                .stores(new InMemoryStores())
                .liveKit(fake)
                .seed(14)
                .configure((i, b) -> b.createRoomsOnJoin(createRoomsOnJoin))
                .build();
        return cluster;
    }

    private static Meeting meeting(MeetKit kit) {
        return kit.meetings()
                .create(CreateMeeting.builder("Standup", "ann")
                        .settings(MeetingSettings.builder()
                                .maxParticipants(5)
                                .emptyTimeout(Duration.ofMinutes(2))
                                .build())
                        .build());
    }

    private static JsonNode payload(String jwt) throws Exception {
        String[] parts = jwt.split("\\.");
        return JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    private static void assertMeetingSettings(Room room, Meeting m) {
        assertThat(room.getMaxParticipants()).as("max participants").isEqualTo(5);
        assertThat(room.getEmptyTimeout()).as("empty timeout").isEqualTo(120);
        assertThat(room.getDepartureTimeout()).as("departure timeout").isEqualTo(20);
        assertThat(room.getMetadata()).isEqualTo("{\"meetkitMeetingId\":\"" + m.id() + "\"}");
    }

    /** The issue's measurement: A trusted its cache after B's DeleteRoom; LiveKit then created a room of defaults. */
    @Test
    @DisplayName("after B ends the meeting, a token from A creates the room with the meeting's settings on join")
    void tokenFromOneInstanceAfterTheOtherEndedTheMeeting() throws Exception {
        MeetKitCluster c = cluster(false);
        MeetKit a = c.instance(0);
        MeetKit b = c.instance(1);
        Meeting m = meeting(a);
        fake.join(a.tokens().issue(m.id(), TokenRequest.of("Alice", "SPEAKER")).token());
        c.settle();
        assertThat(a.meetings().get(m.id()).orElseThrow().status()).isEqualTo(MeetingStatus.ACTIVE);

        b.meetings().end(m.id());
        c.settle();
        assertThat(fake.room(m.roomName())).isEmpty();
        liveKitClock.advance(Duration.ofSeconds(2));

        fake.join(a.tokens().issue(m.id(), TokenRequest.of("Bob", "SPEAKER")).token());

        assertMeetingSettings(fake.room(m.roomName()).orElseThrow(), m);
        c.settle();
        c.assertInvariants();
    }

    @Test
    @DisplayName("a join token carries roomConfig as LiveKit's protojson; a token that cannot join carries none")
    void theClaim() throws Exception {
        MeetKit a = cluster(false).instance(0);
        Meeting m = meeting(a);

        ParticipantToken join = a.tokens().issue(m.id(), TokenRequest.of("Alice", "SPEAKER"));
        JsonNode roomConfig = payload(join.token()).get("roomConfig");
        assertThat(roomConfig).isNotNull();
        assertThat(JSON.writeValueAsString(roomConfig))
                .isEqualTo("{\"name\":\"" + m.roomName() + "\",\"emptyTimeout\":120,\"departureTimeout\":20,"
                        + "\"maxParticipants\":5,\"metadata\":\"{\\\"meetkitMeetingId\\\":\\\"" + m.id() + "\\\"}\"}");

        ParticipantToken pageOnly =
                a.tokens().issue(m.id(), TokenRequest.builder().role("SPEAKER").build());
        assertThat(payload(pageOnly.token()).has("roomConfig")).isFalse();

        fake.join(join.token()); // refresh checks that the participant is in the room
        ParticipantToken refreshed = a.tokens().refresh(m.id(), join.identity(), join.token());
        assertThat(payload(refreshed.token()).get("roomConfig")).isEqualTo(roomConfig);
    }

    @Test
    @DisplayName("where LiveKit auto-creates rooms, issuing a join token makes no LiveKit call")
    void noLiveKitCallOnIssue() {
        MeetKitCluster c = cluster(false);
        MeetKit a = c.instance(0);
        Meeting m = meeting(a);

        ParticipantToken t1 = a.tokens().issue(m.id(), TokenRequest.of("Alice", "SPEAKER"));
        ParticipantToken t2 = c.instance(1).tokens().issue(m.id(), TokenRequest.of("Bob", "SPEAKER"));
        List<RecordedRequest> calls = fake.requests();
        assertThat(calls).as("LiveKit calls of two issues on two instances").isEmpty();

        fake.join(t1.token());
        fake.join(t2.token());
        assertMeetingSettings(fake.room(m.roomName()).orElseThrow(), m);
        c.settle();
        assertThat(a.meetings().get(m.id()).orElseThrow().status()).isEqualTo(MeetingStatus.ACTIVE);
    }

    /**
     * Auto-create off: the room must exist before the join, so MeetKit creates it; instance A may not trust that it
     * still exists once B has ended the meeting (the store says so), else the join is refused.
     */
    @Test
    @DisplayName("explicit creation: a token from A after B ended the meeting creates the room again")
    void explicitCreationAcrossInstances() {
        fake.autoCreate(false);
        MeetKitCluster c = cluster(true);
        MeetKit a = c.instance(0);
        MeetKit b = c.instance(1);
        Meeting m = meeting(a);
        fake.join(a.tokens().issue(m.id(), TokenRequest.of("Alice", "SPEAKER")).token());
        assertMeetingSettings(fake.room(m.roomName()).orElseThrow(), m);
        c.settle();
        fake.join(a.tokens().issue(m.id(), TokenRequest.of("Carol", "SPEAKER")).token());
        assertThat(fake.requests("CreateRoom"))
                .as("a room the store says is live is not created again")
                .hasSize(1);

        b.meetings().end(m.id());
        c.settle();
        assertThat(fake.room(m.roomName())).isEmpty();
        liveKitClock.advance(Duration.ofSeconds(2));

        fake.join(a.tokens().issue(m.id(), TokenRequest.of("Bob", "SPEAKER")).token());

        assertMeetingSettings(fake.room(m.roomName()).orElseThrow(), m);
        assertThat(fake.requests("CreateRoom")).hasSize(2);
        c.settle();
        c.assertInvariants();
    }

    @Test
    @DisplayName("auto-create off without explicit creation: the join is refused, as LiveKit refuses it")
    void autoCreateOffNeedsExplicitCreation() {
        fake.autoCreate(false);
        MeetKit a = cluster(false).instance(0);
        Meeting m = meeting(a);

        String token =
                a.tokens().issue(m.id(), TokenRequest.of("Alice", "SPEAKER")).token();

        assertThatThrownBy(() -> fake.join(token))
                .isInstanceOfSatisfying(
                        JoinRefusedException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    /**
     * The meeting disappears between the issue's CreateRoom and its re-check after reserving (deleted from the store
     * by a deletion that did not reach LiveKit, as when its process died): the issue removes the room it created and
     * its reservation, and hands out nothing.
     */
    @Test
    @DisplayName("explicit creation: the room an issue created for a meeting deleted meanwhile is removed again")
    void explicitCreationRemovesTheRoomOfAMeetingDeletedMeanwhile() {
        InMemoryStores stores = new InMemoryStores();
        try (MeetKit a = MeetKit.builder()
                .liveKitUrl(fake.url())
                .apiKey(fake.apiKey())
                .apiSecret(fake.apiSecret())
                .stores(stores)
                .createRoomsOnJoin(true)
                .build()) {
            Meeting m = meeting(a);
            fake.webhookSink((body, auth) -> stores.meetings().delete(m.id())); // on room_started, during CreateRoom
            try {
                assertThatThrownBy(() -> a.tokens().issue(m.id(), TokenRequest.of("Alice", "SPEAKER")))
                        .isInstanceOf(NotFoundException.class);
            } finally {
                fake.webhookSink(null);
            }

            assertThat(fake.requests("CreateRoom")).hasSize(1);
            assertThat(fake.requests("DeleteRoom")).hasSize(1);
            assertThat(fake.rooms()).isEmpty();
            assertThat(stores.participantNames().list(m.id(), Instant.now())).isEmpty();
        }
    }

    @Test
    @DisplayName("explicit creation: a token issued for a meeting deleted meanwhile leaves no room behind")
    void explicitCreationForADeletedMeeting() {
        MeetKitCluster c = cluster(true);
        MeetKit a = c.instance(0);
        Meeting m = meeting(a);
        c.instance(1).meetings().delete(m.id(), io.meetkit.meeting.DeletionPolicy.FORCE);

        assertThatThrownBy(() -> a.tokens().issue(m.id(), TokenRequest.of("Alice", "SPEAKER")))
                .isInstanceOf(NotFoundException.class);

        assertThat(fake.rooms()).isEmpty();
        assertThat(fake.requests("CreateRoom")).isEmpty();
    }
}
