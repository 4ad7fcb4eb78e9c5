package io.meetkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetkit.maintenance.MaintenanceJob;
import io.meetkit.recording.RecordingController;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MeetKitRecordingOptionsTest {

    private static MeetKit.Builder builder() {
        return MeetKit.builder().liveKitUrl("http://127.0.0.1:9").apiKey("key").apiSecret(MeetKitBuilderTest.SECRET);
    }

    @Test
    @DisplayName("recording options validate at once and name the bad value")
    void validation() {
        assertThatThrownBy(() -> builder().recordingStartTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT0S");
        assertThatThrownBy(() -> builder().recordingKeyPrefix("a//b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a//b");
        assertThatThrownBy(() -> builder().recordingStaleAfter(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder()
                        .recordingStartTimeout(Duration.ofMinutes(2))
                        .recordingStaleAfter(Duration.ofMinutes(1))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("recordingStaleAfter (PT1M) must be longer than recordingStartTimeout (PT2M)");
    }

    @Test
    @DisplayName("recordings are there without a storage, and the stale-recordings job joins the maintenance")
    void wiring() {
        try (MeetKit kit = builder().build()) {
            assertThat(kit.recordings()).isNotNull();
            assertThat(kit.maintenance().jobs())
                    .extracting(MaintenanceJob::name)
                    .contains(RecordingController.STALE_RECORDINGS_JOB);
            assertThat(kit.maintenance()
                            .runOnce()
                            .job(RecordingController.STALE_RECORDINGS_JOB)
                            .orElseThrow()
                            .affected())
                    .isZero();
        }
    }
}
