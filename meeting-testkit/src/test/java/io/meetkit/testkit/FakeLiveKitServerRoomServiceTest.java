package io.meetkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.livekit.server.RoomServiceClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import livekit.LivekitModels.DataPacket;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.ParticipantPermission;
import livekit.LivekitModels.Room;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import livekit.LivekitRoom.MuteRoomTrackRequest;
import livekit.LivekitRoom.MuteRoomTrackResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import retrofit2.Response;

/** Drives the fake with LiveKit's official Kotlin/Java client (protobuf bodies). */
class FakeLiveKitServerRoomServiceTest {

    static FakeLiveKitServer livekit;
    static RoomServiceClient client;

    @BeforeAll
    static void start() {
        livekit = FakeLiveKitServer.builder()
                .apiKey("APIroomtest")
                .apiSecret("secret")
                .build()
                .start();
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

    @Test
    @DisplayName("CreateRoom creates a room with a RM_ sid and LiveKit's defaults, answered in protobuf")
    void createRoom() throws Exception {
        Response<Room> response =
                client.createRoom("standup", 0, 10, null, "{\"m\":1}").execute();

        assertThat(response.isSuccessful()).isTrue();
        Room room = response.body();
        assertThat(room).isNotNull();
        assertThat(room.getSid()).startsWith("RM_").hasSize(15);
        assertThat(room.getName()).isEqualTo("standup");
        assertThat(room.getMaxParticipants()).isEqualTo(10);
        assertThat(room.getEmptyTimeout()).isEqualTo(300);
        assertThat(room.getDepartureTimeout()).isEqualTo(20);
        assertThat(room.getMetadata()).isEqualTo("{\"m\":1}");
        assertThat(room.getCreationTime()).isPositive();
        assertThat(livekit.room("standup")).contains(room);
        assertThat(livekit.requests("CreateRoom"))
                .singleElement()
                .satisfies(r -> assertThat(r.contentType()).isEqualTo("application/protobuf"));
        assertThat(response.headers().get("Content-Type")).isEqualTo("application/protobuf");
    }

    @Test
    void createRoomOfAnExistingNameReturnsTheExistingRoom() throws Exception {
        Room first = client.createRoom("standup", 120).execute().body();
        Room second = client.createRoom("standup", 999).execute().body();

        assertThat(second).isNotNull();
        assertThat(second.getSid()).isEqualTo(first.getSid());
        assertThat(second.getEmptyTimeout()).isEqualTo(120);
        assertThat(livekit.rooms()).hasSize(1);
        assertThat(livekit.sentWebhooks("room_started")).hasSize(1);
    }

    @Test
    void listRoomsAllAndByName() throws Exception {
        client.createRoom("a").execute();
        client.createRoom("b").execute();
        livekit.joinParticipant("c", "alice");

        List<Room> all = client.listRooms().execute().body();
        List<Room> some =
                client.listRooms(List.of("b", "c", "missing")).execute().body();

        assertThat(all).extracting(Room::getName).containsExactly("a", "b", "c");
        assertThat(some).extracting(Room::getName).containsExactly("b", "c");
        assertThat(some.get(1).getNumParticipants()).isEqualTo(1);
    }

    @Test
    void deleteRoomRemovesItAndItsParticipants() throws Exception {
        livekit.joinParticipant("standup", "alice");
        livekit.joinParticipant("standup", "bob");

        Response<Void> response = client.deleteRoom("standup").execute();

        assertThat(response.isSuccessful()).isTrue();
        assertThat(livekit.room("standup")).isEmpty();
        assertThat(livekit.participants("standup")).isEmpty();
        assertThat(livekit.sentWebhooks())
                .extracting(SentWebhook::name)
                .containsExactly(
                        "room_started",
                        "participant_joined",
                        "participant_joined",
                        "participant_left",
                        "participant_left",
                        "room_finished");
    }

    @Test
    void deleteUnknownRoomIsNotFound() throws Exception {
        Response<Void> response = client.deleteRoom("nope").execute();

        assertThat(response.code()).isEqualTo(404);
        assertThat(response.headers().get("Content-Type")).isEqualTo("application/json");
        var body = TestJwts.errorBody(response);
        assertThat(body.path("code").asText()).isEqualTo("not_found");
        assertThat(body.path("msg").asText()).isEqualTo("requested room does not exist");
    }

    @Test
    @DisplayName("participants joined through the test API are listed and fetched with sids, state and tracks")
    void listAndGetParticipants() throws Exception {
        ParticipantInfo alice = livekit.joinParticipant(
                "standup",
                "alice",
                "Alice",
                "{\"role\":\"moderator\"}",
                FakeTrack.microphone(),
                FakeTrack.camera().withMuted(true));
        livekit.joinParticipant("standup", "bob");

        List<ParticipantInfo> listed =
                client.listParticipants("standup").execute().body();
        ParticipantInfo fetched =
                client.getParticipant("standup", "alice").execute().body();

        assertThat(listed).extracting(ParticipantInfo::getIdentity).containsExactly("alice", "bob");
        assertThat(fetched).isEqualTo(alice);
        assertThat(fetched.getSid()).startsWith("PA_");
        assertThat(fetched.getName()).isEqualTo("Alice");
        assertThat(fetched.getMetadata()).isEqualTo("{\"role\":\"moderator\"}");
        assertThat(fetched.getState()).isEqualTo(ParticipantInfo.State.ACTIVE);
        assertThat(fetched.getJoinedAt()).isPositive();
        assertThat(fetched.getTracksList())
                .extracting(TrackInfo::getType, TrackInfo::getSource, TrackInfo::getMuted)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(TrackType.AUDIO, TrackSource.MICROPHONE, false),
                        org.assertj.core.groups.Tuple.tuple(TrackType.VIDEO, TrackSource.CAMERA, true));
        assertThat(fetched.getTracks(0).getSid()).startsWith("TR_");
        Room room = livekit.room("standup").orElseThrow();
        assertThat(room.getNumParticipants()).isEqualTo(2);
        assertThat(room.getNumPublishers()).isEqualTo(1);
    }

    @Test
    void listParticipantsOfAnUnknownRoomIsEmptyLikeLiveKit() throws Exception {
        Response<List<ParticipantInfo>> response =
                client.listParticipants("nope").execute();

        assertThat(response.isSuccessful()).isTrue();
        assertThat(response.body()).isEmpty();
    }

    @Test
    void getUnknownParticipantIsNotFound() throws Exception {
        livekit.joinParticipant("standup", "alice");

        Response<ParticipantInfo> response =
                client.getParticipant("standup", "bob").execute();

        assertThat(response.code()).isEqualTo(404);
        var body = TestJwts.errorBody(response);
        assertThat(body.path("code").asText()).isEqualTo("not_found");
        assertThat(body.path("msg").asText()).isEqualTo("participant does not exist");
    }

    @Test
    void removeParticipant() throws Exception {
        livekit.joinParticipant("standup", "alice");
        livekit.joinParticipant("standup", "bob");

        Response<Void> response = client.removeParticipant("standup", "alice").execute();
        Response<Void> again = client.removeParticipant("standup", "alice").execute();

        assertThat(response.isSuccessful()).isTrue();
        assertThat(livekit.participants("standup"))
                .extracting(ParticipantInfo::getIdentity)
                .containsExactly("bob");
        SentWebhook left = livekit.sentWebhooks("participant_left").get(0);
        assertThat(left.event().getParticipant().getIdentity()).isEqualTo("alice");
        assertThat(left.event().getParticipant().getDisconnectReason()).isEqualTo(DisconnectReason.PARTICIPANT_REMOVED);
        assertThat(again.code()).isEqualTo(404);
        assertThat(TestJwts.errorBody(again).path("code").asText()).isEqualTo("not_found");
    }

    @Test
    void updateParticipantSetsMetadataNamePermissionAndAttributes() throws Exception {
        livekit.joinParticipant(
                "standup",
                FakeParticipant.builder("alice")
                        .name("Alice")
                        .attribute("keep", "1")
                        .attribute("drop", "2")
                        .build());
        ParticipantPermission permission = ParticipantPermission.newBuilder()
                .setCanSubscribe(true)
                .setCanPublish(false)
                .setCanPublishData(true)
                .build();

        ParticipantInfo updated = client.updateParticipant(
                        "standup",
                        "alice",
                        "Alice B.",
                        "{\"role\":\"speaker\"}",
                        permission,
                        Map.of("drop", "", "new", "3"))
                .execute()
                .body();

        assertThat(updated).isNotNull();
        assertThat(updated.getName()).isEqualTo("Alice B.");
        assertThat(updated.getMetadata()).isEqualTo("{\"role\":\"speaker\"}");
        assertThat(updated.getPermission()).isEqualTo(permission);
        assertThat(updated.getAttributesMap()).containsExactlyInAnyOrderEntriesOf(Map.of("keep", "1", "new", "3"));
        assertThat(livekit.participant("standup", "alice")).contains(updated);
    }

    @Test
    void updateParticipantKeepsWhatTheRequestLeavesEmpty() throws Exception {
        livekit.joinParticipant("standup", "alice", "Alice", "{\"a\":1}");

        ParticipantInfo updated = client.updateParticipant("standup", "alice", null, "{\"a\":2}")
                .execute()
                .body();

        assertThat(updated.getName()).isEqualTo("Alice");
        assertThat(updated.getMetadata()).isEqualTo("{\"a\":2}");
        assertThat(updated.getPermission().getCanPublish()).isTrue();
    }

    @Test
    @DisplayName("MutePublishedTrack mutes; unmute is refused (412) while remote unmute is off, LiveKit's default "
            + "(pkg/service/roommanager.go MutePublishedTrack, pkg/config/config.go enable_remote_unmute)")
    void mutePublishedTrackMutesAndUnmutesOnlyWithRemoteUnmute() throws Exception {
        ParticipantInfo alice = livekit.joinParticipant("standup", "alice", "Alice", null, FakeTrack.microphone());
        String trackSid = alice.getTracks(0).getSid();

        TrackInfo muted = client.mutePublishedTrack("standup", "alice", trackSid, true)
                .execute()
                .body();

        assertThat(muted.getSid()).isEqualTo(trackSid);
        assertThat(muted.getMuted()).isTrue();
        assertThat(livekit.participant("standup", "alice")
                        .orElseThrow()
                        .getTracks(0)
                        .getMuted())
                .isTrue();

        HttpResponse<byte[]> refused = rawMute("alice", trackSid, false);
        assertThat(refused.statusCode()).isEqualTo(412);
        assertThat(text(refused))
                .contains("\"code\":\"failed_precondition\"")
                .contains("\"msg\":\"remote unmute not enabled\"");
        assertThat(livekit.participant("standup", "alice")
                        .orElseThrow()
                        .getTracks(0)
                        .getMuted())
                .as("nothing changed")
                .isTrue();

        livekit.remoteUnmute(true);
        TrackInfo unmuted = client.mutePublishedTrack("standup", "alice", trackSid, false)
                .execute()
                .body();
        assertThat(unmuted.getMuted()).isFalse();
    }

    @Test
    @DisplayName("MutePublishedTrack of an unknown track is 200 with no track (ParticipantImpl.SetTrackMuted "
            + "returns nil); of an unknown participant, 503 (routed to the participant's node, nobody answers)")
    void mutePublishedTrackOfUnknownTrackOrParticipant() throws Exception {
        livekit.joinParticipant("standup", "alice", "Alice", null, FakeTrack.microphone());

        HttpResponse<byte[]> unknownTrack = rawMute("alice", "TR_nope", true);
        HttpResponse<byte[]> unknownParticipant = rawMute("bob", "TR_nope", true);

        assertThat(unknownTrack.statusCode()).isEqualTo(200);
        assertThat(MuteRoomTrackResponse.parseFrom(unknownTrack.body()).hasTrack())
                .isFalse();
        assertThat(unknownParticipant.statusCode()).isEqualTo(503);
        assertThat(text(unknownParticipant)).contains("\"code\":\"unavailable\"");
    }

    private static HttpResponse<byte[]> rawMute(String identity, String trackSid, boolean muted) throws Exception {
        return TestJwts.twirp(
                livekit.url(),
                livekit.apiKey(),
                livekit.apiSecret(),
                "livekit.RoomService/MutePublishedTrack",
                MuteRoomTrackRequest.newBuilder()
                        .setRoom("standup")
                        .setIdentity(identity)
                        .setTrackSid(trackSid)
                        .setMuted(muted)
                        .build(),
                Map.of("roomAdmin", true, "room", "standup"));
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void sendDataIsRecordedWithDestinationsAndTopic() throws Exception {
        livekit.joinParticipant("standup", "alice");
        byte[] payload = "{\"type\":\"role_updated\"}".getBytes(StandardCharsets.UTF_8);

        Response<Void> response = client.sendData(
                        "standup", payload, DataPacket.Kind.RELIABLE, List.of(), List.of("alice"), "meet")
                .execute();

        assertThat(response.isSuccessful()).isTrue();
        assertThat(livekit.sentData()).singleElement().satisfies(d -> {
            assertThat(d.room()).isEqualTo("standup");
            assertThat(d.payload()).isEqualTo(payload);
            assertThat(d.payloadUtf8()).isEqualTo("{\"type\":\"role_updated\"}");
            assertThat(d.kind()).isEqualTo(DataPacket.Kind.RELIABLE);
            assertThat(d.destinationIdentities()).containsExactly("alice");
            assertThat(d.topic()).isEqualTo("meet");
        });
    }

    @Test
    @DisplayName("SendData to an unknown room is 503: pkg/service/roomservice.go SendData routes it to the room's "
            + "node without looking the room up, and nobody answers")
    void sendDataToAnUnknownRoomIsUnavailable() throws Exception {
        Response<Void> response = client.sendData("nope", new byte[] {1}, DataPacket.Kind.RELIABLE)
                .execute();

        assertThat(response.code()).isEqualTo(503);
        assertThat(livekit.sentData()).isEmpty();
    }

    @Test
    void updateRoomMetadata() throws Exception {
        client.createRoom("standup").execute();

        Room room =
                client.updateRoomMetadata("standup", "{\"x\":true}").execute().body();

        assertThat(room.getMetadata()).isEqualTo("{\"x\":true}");
        assertThat(livekit.room("standup").orElseThrow().getMetadata()).isEqualTo("{\"x\":true}");
    }

    @Test
    void roomRemovedBehindTheClientsBackIsGoneWithoutWebhooks() throws Exception {
        client.createRoom("standup").execute();
        int webhooksBefore = livekit.sentWebhooks().size();

        assertThat(livekit.removeRoom("standup")).isTrue();

        assertThat(client.listRooms().execute().body()).isEmpty();
        assertThat(livekit.sentWebhooks()).hasSize(webhooksBefore);
    }
}
