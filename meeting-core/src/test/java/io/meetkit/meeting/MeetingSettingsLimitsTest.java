package io.meetkit.meeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetkit.rules.InputRules;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The meeting limits of OpenVidu Meet's room config (branch {@code feat/meeting-control-parity},
 * {@code meet-ce/backend/src/models/zod-schemas/room.schema.ts}: {@code maxDurationMinutesSchema}, an integer from 1 to
 * {@code MEETING_MAX_DURATION_MINUTES_LIMIT} = 1440 or null for none; {@code initialAudioEnabled} /
 * {@code initialVideoEnabled}, booleans defaulting to true).
 */
class MeetingSettingsLimitsTest {

    @Test
    @DisplayName("no duration limit and media on by default; 1 to 1440 minutes accepted, kept by toBuilder")
    void defaultsAndRange() {
        MeetingSettings d = MeetingSettings.defaults();
        assertThat(d.maxDurationMinutes()).isEmpty();
        assertThat(d.maxDuration()).isEmpty();
        assertThat(d.initialAudioEnabled()).isTrue();
        assertThat(d.initialVideoEnabled()).isTrue();

        MeetingSettings s = MeetingSettings.builder()
                .maxDurationMinutes(InputRules.MAX_MEETING_DURATION_MINUTES)
                .initialAudioEnabled(false)
                .initialVideoEnabled(false)
                .build();
        assertThat(s.maxDurationMinutes()).hasValue(1440);
        assertThat(s.maxDuration()).contains(Duration.ofDays(1));
        assertThat(s.toBuilder().build()).isEqualTo(s).hasSameHashCodeAs(s);
        assertThat(s).isNotEqualTo(d);
        assertThat(s.toBuilder().noMaxDuration().build().maxDurationMinutes()).isEmpty();
        assertThat(MeetingSettings.builder().maxDurationMinutes(1).build().maxDurationMinutes())
                .hasValue(1);
        assertThat(s.toString()).contains("maxDurationMinutes=1440", "initialAudioEnabled=false");
    }

    @Test
    @DisplayName("0, negative and over 1440 minutes are refused with the value, and the builder keeps its limit")
    void refusesOutOfRange() {
        MeetingSettings.Builder b = MeetingSettings.builder().maxDurationMinutes(30);
        for (int bad : new int[] {0, -1, 1441, Integer.MAX_VALUE}) {
            assertThatThrownBy(() -> b.maxDurationMinutes(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("maxDurationMinutes must be between 1 and 1440 minutes: " + bad);
        }
        assertThat(b.build().maxDurationMinutes()).hasValue(30);
    }

    @Test
    @DisplayName("the limit is reached at the live session's start plus the limit, only while ACTIVE and live")
    void reachedAt() {
        Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
        UUID id = UUID.randomUUID();
        Meeting open = Meeting.builder()
                .id(id)
                .roomName("r-" + id)
                .title("t")
                .createdBy("u")
                .moderatorSecret("m-" + id)
                .speakerSecret("s-" + id)
                .createdAt(t0)
                .updatedAt(t0)
                .settings(MeetingSettings.builder().maxDurationMinutes(45).build())
                .build();
        assertThat(open.maxDurationReachedAt()).isEmpty();
        Meeting live = open.toBuilder()
                .status(MeetingStatus.ACTIVE)
                .startedAt(t0.plusSeconds(600))
                .roomSid("RM_1")
                .build();
        assertThat(live.maxDurationReachedAt()).contains(t0.plusSeconds(600).plus(Duration.ofMinutes(45)));
        assertThat(live.toBuilder().endedAt(t0.plusSeconds(900)).build().maxDurationReachedAt())
                .isEmpty();
        assertThat(live.toBuilder().settings(MeetingSettings.defaults()).build().maxDurationReachedAt())
                .isEmpty();
    }
}
