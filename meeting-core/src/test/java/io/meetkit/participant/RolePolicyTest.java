package io.meetkit.participant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetkit.meeting.MeetingSettings;
import io.meetkit.meeting.ParticipantPermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RolePolicyTest {

    private static final ParticipantRole VIEWER =
            new ParticipantRole("Viewer", ParticipantPermissions.VIEWER, new AppPermissions(false, true, false));

    @Test
    void defaultsAreOpenViduMeetsModeratorAndSpeakerAndTheWebinarViewer() {
        RolePolicy p = RolePolicy.defaults();

        assertThat(p.roles())
                .containsExactly(ParticipantRole.MODERATOR, ParticipantRole.SPEAKER, ParticipantRole.VIEWER);
        assertThat(p.moderator().liveKit()).isEqualTo(ParticipantPermissions.PUBLISHER);
        assertThat(p.moderator().app()).isEqualTo(AppPermissions.ALL);
        assertThat(p.speaker().liveKit()).isEqualTo(ParticipantPermissions.PUBLISHER);
        assertThat(p.speaker().app()).isEqualTo(new AppPermissions(false, true, true));
    }

    @Test
    void rolesAreFoundCaseInsensitively() {
        RolePolicy p = RolePolicy.builder().role(VIEWER).build();

        assertThat(p.find("speaker")).contains(ParticipantRole.SPEAKER);
        assertThat(p.find("MODERATOR")).contains(ParticipantRole.MODERATOR);
        assertThat(p.find("VIEWER")).contains(VIEWER);
        assertThat(p.find("viewer")).contains(VIEWER);
        assertThat(p.find("admin")).isEmpty();
    }

    @Test
    void appsAddRolesAndRedefineDefaultsWithoutForking() {
        ParticipantRole quietSpeaker = new ParticipantRole(
                "speaker", ParticipantPermissions.PUBLISHER, new AppPermissions(false, false, true));

        RolePolicy p = RolePolicy.builder().role(VIEWER).role(quietSpeaker).build();

        assertThat(p.roles()).containsExactly(ParticipantRole.MODERATOR, quietSpeaker, VIEWER);
        assertThat(p.speaker()).isEqualTo(quietSpeaker);
        assertThat(p.toString()).isEqualTo("RolePolicy[MODERATOR, speaker, Viewer]");
    }

    @Test
    void meetingSettingsSwitchAppPermissionsOffButNeverOn() {
        MeetingSettings noChatNoRecording = MeetingSettings.builder()
                .chatEnabled(false)
                .recordingEnabled(false)
                .build();
        MeetingSettings noBackgrounds =
                MeetingSettings.builder().virtualBackgroundEnabled(false).build();

        assertThat(ParticipantRole.MODERATOR.in(noChatNoRecording).app())
                .isEqualTo(new AppPermissions(false, false, true));
        assertThat(ParticipantRole.MODERATOR.in(noBackgrounds).app()).isEqualTo(new AppPermissions(true, true, false));
        assertThat(ParticipantRole.MODERATOR.in(MeetingSettings.defaults())).isSameAs(ParticipantRole.MODERATOR);
        assertThat(VIEWER.in(MeetingSettings.defaults()).app()).isEqualTo(VIEWER.app());
        assertThat(ParticipantRole.SPEAKER.in(noChatNoRecording).liveKit())
                .as("LiveKit grants are the role's")
                .isEqualTo(ParticipantPermissions.PUBLISHER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1ROLE", "_ROLE", "RO LE", "ROLE\"", "RÔLE", "A23456789012345678901234567890123"})
    void badRoleNamesAreRefused(String name) {
        assertThatThrownBy(() -> new ParticipantRole(name, ParticipantPermissions.VIEWER, AppPermissions.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("role name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"A", "VIEWER", "co-host", "Guest_2", "A2345678901234567890123456789012"})
    void goodRoleNamesAreAccepted(String name) {
        assertThat(new ParticipantRole(name, ParticipantPermissions.VIEWER, AppPermissions.NONE).name())
                .isEqualTo(name);
    }
}
