package io.meetkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitWebhook.WebhookEvent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Joins with a token, as a LiveKit client connects: the checks of {@code pkg/service/utils.go}
 * {@code ValidateConnectRequest}, the room created from the token's {@code roomConfig}
 * ({@code utils.go SetRoomConfiguration}, {@code pkg/service/roomallocator.go CreateRoom}), auto-create
 * ({@code roomallocator.go ValidateCreateRoom}), and max participants ({@code pkg/rtc/room.go Join}).
 */
class FakeLiveKitJoinTest {

    static final String SECRET = "join-test-secret-0123456789abcdef";

    @RegisterExtension
    static final FakeLiveKitExtension LIVEKIT = new FakeLiveKitExtension(b -> b.apiSecret(SECRET));

    private static ObjectNode claims(String identity, String room) {
        ObjectNode c = TestJwts.claims(LIVEKIT.server().apiKey(), Map.of("roomJoin", true, "room", room));
        c.put("sub", identity);
        return c;
    }

    private static String token(ObjectNode claims) {
        return TestJwts.token("HS256", SECRET, claims);
    }

    @Test
    @DisplayName("a missing room is created from the token's roomConfig (either JSON spelling, unknown fields"
            + " discarded), with room_started")
    void roomIsCreatedFromRoomConfig(FakeLiveKitServer livekit) {
        ObjectNode c = claims("alice", "standup");
        c.put("name", "Alice");
        c.put("metadata", "{\"role\":\"host\"}");
        c.put("kind", "standard");
        c.putObject("attributes").put("team", "blue");
        c.putObject("roomConfig")
                .put("name", "ignored-the-grant's-room-wins")
                .put("empty_timeout", 120)
                .put("departureTimeout", 7)
                .put("max_participants", 3)
                .put("metadata", "{\"meeting\":1}")
                .put("aFieldOfANewerProtocol", true); // discarded, as protocol's utils/protojson Unmarshal does

        ParticipantInfo alice = livekit.join(token(c), FakeTrack.microphone());

        Room room = livekit.room("standup").orElseThrow();
        assertThat(room.getEmptyTimeout()).isEqualTo(120);
        assertThat(room.getDepartureTimeout()).isEqualTo(7);
        assertThat(room.getMaxParticipants()).isEqualTo(3);
        assertThat(room.getMetadata()).isEqualTo("{\"meeting\":1}");
        assertThat(alice.getIdentity()).isEqualTo("alice");
        assertThat(alice.getName()).isEqualTo("Alice");
        assertThat(alice.getMetadata()).isEqualTo("{\"role\":\"host\"}");
        assertThat(alice.getAttributesMap()).containsEntry("team", "blue");
        assertThat(alice.getKind()).isEqualTo(ParticipantInfo.Kind.STANDARD);
        assertThat(alice.getPermission().getCanPublish()).isTrue();
        assertThat(alice.getTracksCount()).isEqualTo(1);
        assertThat(livekit.sentWebhooks())
                .extracting(SentWebhook::name)
                .containsExactly("room_started", "participant_joined");
    }

    @Test
    @DisplayName("without roomConfig the room gets LiveKit's defaults; a live room keeps its settings")
    void liveRoomKeepsItsSettings(FakeLiveKitServer livekit) {
        livekit.join(token(claims("alice", "standup")));
        ObjectNode bob = claims("bob", "standup");
        bob.putObject("roomConfig").put("emptyTimeout", 999).put("maxParticipants", 1);

        livekit.join(token(bob));

        Room room = livekit.room("standup").orElseThrow();
        assertThat(room.getEmptyTimeout()).isEqualTo(300);
        assertThat(room.getDepartureTimeout()).isEqualTo(20);
        assertThat(room.getMaxParticipants()).isZero();
        assertThat(room.getNumParticipants()).isEqualTo(2);
    }

    @Test
    @DisplayName("auto-create off: a join into a missing room is 404, unless the token has roomCreate")
    void autoCreateOff(FakeLiveKitServer livekit) {
        livekit.autoCreate(false);

        assertThatThrownBy(() -> livekit.join(token(claims("alice", "standup"))))
                .isInstanceOfSatisfying(
                        JoinRefusedException.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessage("requested room does not exist");
        assertThatThrownBy(() -> livekit.joinParticipant("standup", "alice"))
                .as("the Java join goes through the same check")
                .isInstanceOf(JoinRefusedException.class);
        assertThat(livekit.rooms()).isEmpty();
        assertThat(livekit.sentWebhooks()).isEmpty();

        ObjectNode creator = claims("carol", "standup");
        creator.withObject("video").put("roomCreate", true);
        livekit.join(token(creator));
        assertThat(livekit.room("standup")).isPresent();

        livekit.join(token(claims("alice", "standup")));
        assertThat(livekit.participants("standup")).hasSize(2);
    }

    @Test
    @DisplayName("max participants refuses the next join; EGRESS and AGENT participants are not counted")
    void maxParticipants(FakeLiveKitServer livekit) {
        ObjectNode first = claims("alice", "standup");
        first.putObject("roomConfig").put("maxParticipants", 1);
        livekit.join(token(first));
        ObjectNode agent = claims("agent-1", "standup");
        agent.put("kind", "agent");

        ParticipantInfo a = livekit.join(token(agent));

        assertThat(a.getKind()).isEqualTo(ParticipantInfo.Kind.AGENT);
        assertThatThrownBy(() -> livekit.join(token(claims("bob", "standup"))))
                .isInstanceOfSatisfying(
                        JoinRefusedException.class, e -> assertThat(e.status()).isEqualTo(500))
                .hasMessage("room has exceeded its max participants");
        assertThatThrownBy(() -> livekit.joinParticipant("standup", "bob")).isInstanceOf(JoinRefusedException.class);
        assertThat(livekit.room("standup").orElseThrow().getNumParticipants()).isEqualTo(1);
        assertThat(livekit.participants("standup")).hasSize(2);
        livekit.join(token(claims("alice", "standup")));
        assertThat(livekit.participants("standup"))
                .as("the same identity replaces itself even in a full room")
                .hasSize(2);
    }

    @Test
    @DisplayName("the token is checked as LiveKit's auth middleware and ValidateConnectRequest check it")
    void tokenChecks(FakeLiveKitServer livekit) {
        ObjectNode noJoin = claims("alice", "standup");
        noJoin.withObject("video").put("roomJoin", false);
        ObjectNode noIdentity = claims("alice", "standup");
        noIdentity.remove("sub");
        ObjectNode noRoom = TestJwts.claims(livekit.apiKey(), Map.of("roomJoin", true));
        noRoom.put("sub", "alice");
        ObjectNode noVideo = claims("alice", "standup");
        noVideo.remove("video");
        ObjectNode otherKey = claims("alice", "standup");
        otherKey.put("iss", "other-key");
        ObjectNode expired = claims("alice", "standup");
        expired.put("exp", Instant.now().minusSeconds(3600).getEpochSecond());
        ObjectNode badRoomConfig = claims("alice", "standup");
        badRoomConfig.putObject("roomConfig").put("maxParticipants", "five");

        assertRefused(livekit, token(noJoin), 401, "permissions denied");
        assertRefused(livekit, token(noIdentity), 400, "identity cannot be empty");
        assertRefused(livekit, token(noRoom), 400, "no room name");
        assertRefused(livekit, token(noVideo), 401, "no permissions to access the room");
        assertRefused(livekit, TestJwts.token("HS256", SECRET, otherKey), 401, "invalid API key");
        assertRefused(livekit, "not-a-jwt", 401, "invalid authorization token");
        assertRefused(livekit, TestJwts.token("HS256", "wrong-secret", claims("a", "standup")), 401, null);
        assertRefused(livekit, token(expired), 401, null);
        assertRefused(livekit, token(badRoomConfig), 401, null);
        assertThat(livekit.rooms()).isEmpty();
    }

    private static void assertRefused(FakeLiveKitServer livekit, String token, int status, String message) {
        assertThatThrownBy(() -> livekit.join(token)).isInstanceOfSatisfying(JoinRefusedException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            if (message != null) {
                assertThat(e.getMessage()).isEqualTo(message);
            } else {
                assertThat(e.getMessage()).startsWith("invalid authorization token: ");
            }
        });
    }

    @Test
    @DisplayName("publish and unpublish send track_published and track_unpublished")
    void publishAndUnpublish(FakeLiveKitServer livekit) {
        livekit.join(token(claims("alice", "standup")));

        TrackInfo mic =
                livekit.publishTrack("standup", "alice", FakeTrack.microphone()).orElseThrow();

        assertThat(mic.getSid()).startsWith("TR_");
        assertThat(livekit.participant("standup", "alice").orElseThrow().getIsPublisher())
                .isTrue();
        assertThat(livekit.room("standup").orElseThrow().getNumPublishers()).isEqualTo(1);
        assertThat(livekit.unpublishTrack("standup", "alice", mic.getSid())).contains(mic);
        assertThat(livekit.unpublishTrack("standup", "alice", mic.getSid())).isEmpty();
        assertThat(livekit.publishTrack("standup", "bob", FakeTrack.camera())).isEmpty();
        List<WebhookEvent> trackEvents = livekit.sentWebhooks().stream()
                .map(SentWebhook::event)
                .filter(e -> e.getEvent().startsWith("track_"))
                .toList();
        assertThat(trackEvents)
                .extracting(WebhookEvent::getEvent)
                .containsExactly("track_published", "track_unpublished");
        assertThat(trackEvents).allSatisfy(e -> {
            assertThat(e.getTrack().getSid()).isEqualTo(mic.getSid());
            assertThat(e.getParticipant().getIdentity()).isEqualTo("alice");
        });
    }
}
