package io.meetkit.participant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.meetkit.ConflictException;
import io.meetkit.MeetKit;
import io.meetkit.PermissionDeniedException;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.MediaSource;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingSettings;
import io.meetkit.meeting.Permission;
import io.meetkit.meeting.PermissionSet;
import io.meetkit.store.InMemoryStores;
import io.meetkit.testkit.FakeLiveKitServer;
import io.meetkit.testkit.FakeTrack;
import io.meetkit.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-meeting role permissions (issue 16 item 3) end to end against {@link FakeLiveKitServer}: the grants are read
 * out of the signed token (verified with nimbus), and the fake refuses what LiveKit refuses
 * ({@code pkg/rtc/participant.go} {@code CanPublishSource}). The mapping is OpenVidu Meet's
 * ({@code meet-ce/backend/src/services/room-member.service.ts}, {@code getLiveKitPermissions}).
 */
class RolePermissionsTokensTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static FakeLiveKitServer fake;

    private MeetKit kit;
    private ParticipantTokens tokens;

    @BeforeAll
    static void startFake() {
        fake = FakeLiveKitServer.builder().build().start();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @BeforeEach
    void setUp() {
        fake.reset();
        kit = MeetKit.builder()
                .liveKitUrl(fake.url())
                .apiKey(fake.apiKey())
                .apiSecret(fake.apiSecret())
                .clock(new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS)))
                .stores(new InMemoryStores())
                .build();
        tokens = kit.tokens();
    }

    @AfterEach
    void tearDown() {
        kit.close();
    }

    private Meeting meeting(MeetingSettings settings) {
        return kit.meetings()
                .create(CreateMeeting.builder("Webinar", "user-1")
                        .settings(settings)
                        .build());
    }

    private static Map<String, Object> video(ParticipantToken t) throws Exception {
        SignedJWT jwt = SignedJWT.parse(t.token());
        assertThat(jwt.verify(new MACVerifier(fake.apiSecret().getBytes(StandardCharsets.UTF_8))))
                .isTrue();
        return jwt.getJWTClaimsSet().getJSONObjectClaim("video");
    }

    private static JsonNode permissions(ParticipantToken t) throws Exception {
        String metadata = SignedJWT.parse(t.token()).getJWTClaimsSet().getStringClaim("metadata");
        return JSON.readTree(metadata).at("/roles/0/permissions");
    }

    @Test
    void aMeetingsOverrideNarrowsTheSignedGrantsAndLiveKitRefusesTheRest() throws Exception {
        Meeting m = meeting(MeetingSettings.builder()
                .rolePermissions("SPEAKER", PermissionSet.SPEAKER.without(Permission.MEDIA_SHARE_SCREEN))
                .build());

        ParticipantToken t = tokens.issue(m.id(), TokenRequest.of("Alice", "SPEAKER"));

        Map<String, Object> video = video(t);
        assertThat(video)
                .containsEntry("canPublish", true)
                .containsEntry("canPublishData", true)
                .containsEntry("canSubscribe", true);
        assertThat(video.get("canPublishSources")).isEqualTo(List.of("camera", "microphone"));
        assertThat(t.role().grants().canPublishSources()).containsExactly(MediaSource.CAMERA, MediaSource.MICROPHONE);
        JsonNode p = permissions(t);
        assertThat(p.get("mediaShareScreen").asBoolean()).isFalse();
        assertThat(p.get("mediaPublishVideo").asBoolean()).isTrue();
        assertThat(p.get("recordingList").asBoolean()).isTrue();
        assertThat(p.get("canChat").asBoolean())
                .as("the former key, for former clients")
                .isTrue();
        assertThat(tokens.verify(t.token()).rolePermissions())
                .isEqualTo(PermissionSet.SPEAKER.without(Permission.MEDIA_SHARE_SCREEN));

        ParticipantInfo alice = fake.join(t.token(), FakeTrack.camera());
        assertThat(alice.getTracksList()).extracting(tr -> tr.getSource()).containsExactly(TrackSource.CAMERA);
        assertThat(fake.publishTrack(m.roomName(), t.identity(), FakeTrack.screenShare()))
                .as("LiveKit ignores a publication its grants do not allow")
                .isEmpty();
        assertThat(fake.publishTrack(m.roomName(), t.identity(), FakeTrack.microphone()))
                .isPresent();

        // other meetings keep the policy's permissions: every source, so no list at all
        Meeting other = meeting(MeetingSettings.defaults());
        assertThat(video(tokens.issue(other.id(), TokenRequest.of("Bob", "SPEAKER"))))
                .doesNotContainKey("canPublishSources")
                .containsEntry("canPublish", true);
    }

    @Test
    void theBuiltInViewerSubscribesOnlyAndPublishesNothing() throws Exception {
        Meeting m = meeting(MeetingSettings.defaults());

        ParticipantToken t = tokens.issue(m.id(), TokenRequest.of("Watcher", "VIEWER"));

        assertThat(video(t))
                .containsEntry("roomJoin", true)
                .containsEntry("canPublish", false)
                .containsEntry("canPublishData", false)
                .containsEntry("canSubscribe", true)
                .doesNotContainKey("hidden");
        assertThat(permissions(t).get("chatRead").asBoolean()).isTrue();
        assertThat(permissions(t).get("chatWrite").asBoolean()).isFalse();
        ParticipantInfo watcher = fake.join(t.token(), FakeTrack.camera(), FakeTrack.microphone());
        assertThat(watcher.getTracksList()).isEmpty();
        assertThat(fake.publishTrack(m.roomName(), t.identity(), FakeTrack.microphone()))
                .isEmpty();
    }

    @Test
    void aHiddenViewerIsHiddenFromTheRoom() throws Exception {
        kit.close();
        kit = MeetKit.builder()
                .liveKitUrl(fake.url())
                .apiKey(fake.apiKey())
                .apiSecret(fake.apiSecret())
                .stores(new InMemoryStores())
                .rolePolicy(RolePolicy.builder()
                        .role(ParticipantRole.VIEWER.withHidden(true))
                        .build())
                .build();
        Meeting m = meeting(MeetingSettings.defaults());

        ParticipantToken t = kit.tokens().issue(m.id(), TokenRequest.of("Lurker", "viewer"));

        assertThat(video(t)).containsEntry("hidden", true).containsEntry("canPublish", false);
        assertThat(fake.join(t.token()).getPermission().getHidden()).isTrue();
    }

    @Test
    void aRoleWithoutMeetingJoinGetsNoTokenAndReservesNothing() {
        Meeting m = meeting(MeetingSettings.builder()
                .rolePermissions("VIEWER", PermissionSet.VIEWER.without(Permission.MEETING_JOIN))
                .build());

        PermissionDeniedException e = catchThrowableOfType(
                PermissionDeniedException.class, () -> tokens.issue(m.id(), TokenRequest.of("Eve", "VIEWER")));

        assertThat(e.code()).isEqualTo(PermissionDeniedException.PERMISSION_DENIED);
        assertThat(e.getMessage()).contains("meetingJoin");
        assertThat(tokens.reservedNames(m.id())).isEmpty();
        assertThat(fake.requests("CreateRoom")).isEmpty();
    }

    @Test
    void updatedRolePermissionsApplyToNewTokensAndToALiveRoleChange() throws Exception {
        Meeting m = meeting(MeetingSettings.defaults());
        ParticipantToken carol = tokens.issue(m.id(), TokenRequest.of("Carol", "SPEAKER"));
        fake.join(carol.token());

        Meeting v1 = kit.meetings()
                .updateRolePermissions(
                        m.id(), "moderator", PermissionSet.all().without(Permission.MEDIA_PUBLISH_VIDEO), m.version());

        assertThat(v1.version()).isEqualTo(m.version() + 1);
        assertThat(v1.settings().rolePermissions("MODERATOR"))
                .contains(PermissionSet.all().without(Permission.MEDIA_PUBLISH_VIDEO));
        ConflictException stale = catchThrowableOfType(
                ConflictException.class,
                () -> kit.meetings().updateRolePermissions(m.id(), "SPEAKER", PermissionSet.none(), m.version()));
        assertThat(stale.code()).isEqualTo(ConflictException.STALE_VERSION);
        assertThat(kit.meetings().require(m.id())).isEqualTo(v1);

        ParticipantRole promoted = tokens.changeRole(m.id(), carol.identity(), "MODERATOR");

        assertThat(promoted.permissions().contains(Permission.MEDIA_PUBLISH_VIDEO))
                .isFalse();
        ParticipantInfo live = fake.participant(m.roomName(), carol.identity()).orElseThrow();
        assertThat(live.getPermission().getCanPublish()).isTrue();
        assertThat(live.getPermission().getCanPublishSourcesList())
                .containsExactly(TrackSource.MICROPHONE, TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO);
        assertThat(JSON.readTree(live.getMetadata())
                        .at("/roles/1/permissions/mediaPublishVideo")
                        .asBoolean(true))
                .isFalse();

        Meeting v2 = kit.meetings().updateRolePermissions(m.id(), "MODERATOR", null, v1.version());
        assertThat(v2.settings().rolePermissions()).isEmpty();
        assertThat(video(tokens.issue(m.id(), TokenRequest.of("Dan", "MODERATOR"))))
                .doesNotContainKey("canPublishSources");
    }
}
