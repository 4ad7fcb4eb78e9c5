package io.meetkit.participant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetkit.meeting.MediaSource;
import io.meetkit.meeting.MeetingSettings;
import io.meetkit.meeting.ParticipantPermissions;
import io.meetkit.meeting.Permission;
import io.meetkit.meeting.PermissionSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Role permission sets as OpenVidu Meet has them: the sixteen keys of {@code MeetRoomMemberPermissions}
 * ({@code meet-ce/typings/src/database/room-member-permissions.ts}), the built-in roles' defaults
 * ({@code meet-ce/backend/src/services/room.service.ts}, {@code createMeetRoom}) and the LiveKit grants they map to
 * ({@code meet-ce/backend/src/services/room-member.service.ts}, {@code getLiveKitPermissions}).
 */
class RolePermissionsTest {

    @Test
    void keysAreOpenViduMeetsAndRoundTripThroughTheTextForm() {
        assertThat(List.of(Permission.values()))
                .extracting(Permission::key)
                .containsExactly(
                        "recordingControl",
                        "recordingList",
                        "recordingPlay",
                        "recordingDownload",
                        "recordingDelete",
                        "meetingJoin",
                        "roomShareAccessLinks",
                        "participantPromote",
                        "participantKick",
                        "meetingEnd",
                        "mediaPublishVideo",
                        "mediaPublishAudio",
                        "mediaShareScreen",
                        "chatRead",
                        "chatWrite",
                        "mediaChangeVirtualBackground");
        for (PermissionSet set :
                List.of(PermissionSet.all(), PermissionSet.none(), PermissionSet.SPEAKER, PermissionSet.VIEWER)) {
            assertThat(PermissionSet.parse(set.toString())).isEqualTo(set);
        }
        assertThat(PermissionSet.parse(" chatRead , meetingJoin ")).isEqualTo(PermissionSet.VIEWER);
        assertThat(PermissionSet.VIEWER.toString()).isEqualTo("meetingJoin,chatRead");
        assertThatThrownBy(() -> PermissionSet.parse("meetingJoin,canRecord"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown permission: 'canRecord'");
        assertThat(Permission.ofKey("ChatRead"))
                .as("keys are case-sensitive, as JSON keys")
                .isEmpty();
    }

    @Test
    void builtInRolesHaveOpenViduMeetsDefaultsAndTheViewerPublishesNothing() {
        assertThat(ParticipantRole.MODERATOR.permissions()).isEqualTo(PermissionSet.all());
        assertThat(ParticipantRole.SPEAKER.permissions().permissions())
                .containsExactlyInAnyOrder(
                        Permission.RECORDING_LIST,
                        Permission.RECORDING_PLAY,
                        Permission.RECORDING_DOWNLOAD,
                        Permission.MEETING_JOIN,
                        Permission.MEDIA_PUBLISH_VIDEO,
                        Permission.MEDIA_PUBLISH_AUDIO,
                        Permission.MEDIA_SHARE_SCREEN,
                        Permission.CHAT_READ,
                        Permission.CHAT_WRITE,
                        Permission.MEDIA_CHANGE_VIRTUAL_BACKGROUND);

        // every source granted: LiveKit's empty canPublishSources, so the built-in grants are what they were
        assertThat(ParticipantRole.MODERATOR.grants()).isEqualTo(ParticipantPermissions.PUBLISHER);
        assertThat(ParticipantRole.SPEAKER.grants()).isEqualTo(ParticipantPermissions.PUBLISHER);

        ParticipantPermissions viewer = ParticipantRole.VIEWER.grants();
        assertThat(viewer.canPublish()).isFalse();
        assertThat(viewer.canPublishData()).isFalse();
        assertThat(viewer.canSubscribe()).isTrue();
        assertThat(viewer.hidden()).isFalse();
        assertThat(ParticipantRole.VIEWER.withHidden(true).grants().hidden()).isTrue();
        assertThat(ParticipantRole.VIEWER.withHidden(true).permissions()).isEqualTo(PermissionSet.VIEWER);
    }

    @Test
    void mediaPermissionsBecomePublishSourcesAndChatWriteBecomesData() {
        ParticipantPermissions camOnly = PermissionSet.of(Permission.MEETING_JOIN, Permission.MEDIA_PUBLISH_VIDEO)
                .grants(ParticipantPermissions.PUBLISHER);
        assertThat(camOnly.canPublish()).isTrue();
        assertThat(camOnly.canPublishSources()).containsExactly(MediaSource.CAMERA);
        assertThat(camOnly.canPublishData()).as("no chatWrite").isFalse();

        ParticipantPermissions noScreen =
                PermissionSet.SPEAKER.without(Permission.MEDIA_SHARE_SCREEN).grants(ParticipantPermissions.PUBLISHER);
        assertThat(noScreen.canPublishSources()).containsExactly(MediaSource.CAMERA, MediaSource.MICROPHONE);
        assertThat(noScreen.canPublishData()).isTrue();

        ParticipantPermissions screenOnly =
                PermissionSet.of(Permission.MEDIA_SHARE_SCREEN).grants(ParticipantPermissions.PUBLISHER);
        assertThat(screenOnly.canPublishSources())
                .containsExactly(MediaSource.SCREEN_SHARE, MediaSource.SCREEN_SHARE_AUDIO);

        // the role's LiveKit permissions are a ceiling: permissions never add a grant
        ParticipantPermissions capped = PermissionSet.all().grants(ParticipantPermissions.VIEWER);
        assertThat(capped.canPublish()).isFalse();
        assertThat(capped.canPublishData()).isFalse();
        ParticipantPermissions micCeiling = new ParticipantPermissions(
                true, true, true, false, false, EnumSet.of(MediaSource.MICROPHONE, MediaSource.SCREEN_SHARE));
        assertThat(PermissionSet.SPEAKER.grants(micCeiling).canPublishSources())
                .containsExactly(MediaSource.MICROPHONE, MediaSource.SCREEN_SHARE);
        assertThat(PermissionSet.of(Permission.MEDIA_PUBLISH_VIDEO)
                        .grants(micCeiling)
                        .canPublish())
                .isFalse();
    }

    @Test
    void aMeetingOverridesARolesPermissionsAndItsSwitchesStillRemove() {
        MeetingSettings settings = MeetingSettings.builder()
                .rolePermissions("speaker", PermissionSet.VIEWER.with(Permission.CHAT_WRITE))
                .chatEnabled(false)
                .build();
        assertThat(settings.rolePermissions()).containsOnlyKeys("SPEAKER");

        ParticipantRole speaker = ParticipantRole.SPEAKER.in(settings);
        assertThat(speaker.permissions()).isEqualTo(PermissionSet.of(Permission.MEETING_JOIN));
        assertThat(speaker.grants().canPublish()).isFalse();
        assertThat(speaker.liveKit()).as("the ceiling stays the role's").isEqualTo(ParticipantPermissions.PUBLISHER);
        assertThat(ParticipantRole.MODERATOR.in(settings).permissions())
                .isEqualTo(PermissionSet.all().without(Permission.CHAT_READ, Permission.CHAT_WRITE));

        MeetingSettings noRecording =
                MeetingSettings.builder().recordingEnabled(false).build();
        assertThat(ParticipantRole.MODERATOR.in(noRecording).permissions().contains(Permission.RECORDING_CONTROL))
                .isFalse();
        assertThat(ParticipantRole.MODERATOR.in(noRecording).permissions().contains(Permission.RECORDING_PLAY))
                .as("existing recordings stay watchable")
                .isTrue();

        MeetingSettings reset =
                settings.toBuilder().defaultRolePermissions("SPEAKER").build();
        assertThat(reset.rolePermissions()).isEmpty();
        assertThatThrownBy(() -> MeetingSettings.builder().rolePermissions("no such role!", PermissionSet.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'no such role!'");
    }

    @Test
    void theFormerAppPermissionsMapAsDocumented() {
        ParticipantRole legacy =
                new ParticipantRole("LEGACY", ParticipantPermissions.PUBLISHER, new AppPermissions(true, false, false));
        assertThat(legacy.permissions().permissions())
                .containsExactlyInAnyOrder(
                        Permission.MEETING_JOIN,
                        Permission.RECORDING_LIST,
                        Permission.RECORDING_PLAY,
                        Permission.RECORDING_DOWNLOAD,
                        Permission.MEDIA_PUBLISH_VIDEO,
                        Permission.MEDIA_PUBLISH_AUDIO,
                        Permission.MEDIA_SHARE_SCREEN,
                        Permission.RECORDING_CONTROL);
        assertThat(legacy.app()).isEqualTo(new AppPermissions(true, false, false));
        assertThat(legacy.grants().canPublishData())
                .as("no chat: no data, as OpenVidu Meet maps chatWrite")
                .isFalse();
        assertThat(new ParticipantRole("OLD_MOD", ParticipantPermissions.PUBLISHER, AppPermissions.ALL).permissions())
                .isEqualTo(PermissionSet.all());
        assertThat(new ParticipantRole(
                                "OLD_SPEAKER", ParticipantPermissions.PUBLISHER, new AppPermissions(false, true, true))
                        .permissions())
                .isEqualTo(PermissionSet.SPEAKER);
        assertThat(ParticipantRole.VIEWER.app()).isEqualTo(AppPermissions.NONE);
        assertThat(Set.copyOf(PermissionSet.VIEWER.permissions()))
                .containsExactlyInAnyOrder(Permission.MEETING_JOIN, Permission.CHAT_READ);
    }
}
