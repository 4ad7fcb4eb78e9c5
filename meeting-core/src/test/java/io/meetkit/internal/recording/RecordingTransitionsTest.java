package io.meetkit.internal.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetkit.event.MeetingEvent;
import io.meetkit.livekit.EgressSnapshot;
import io.meetkit.recording.Recording;
import io.meetkit.recording.RecordingStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The pure rules of a recording's state, without store, clock or LiveKit. */
class RecordingTransitionsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant NOW = T0.plusSeconds(60);

    private static Recording recording(RecordingStatus status) {
        return Recording.builder()
                .id(UUID.randomUUID())
                .meetingId(UUID.randomUUID())
                .status(status)
                .objectKey("recordings/m/r.mp4")
                .startedBy("u")
                .createdAt(T0)
                .updatedAt(T0)
                .version(3)
                .build();
    }

    private static EgressSnapshot egress(RecordingStatus status, List<EgressSnapshot.File> files) {
        return new EgressSnapshot("EG_1", "room", status, T0.plusSeconds(1), null, null, null, files);
    }

    @Test
    @DisplayName("a newer snapshot moves the recording and fills in what LiveKit reports; an older one is stale")
    void mergeIsMonotonic() {
        Recording active = RecordingTransitions.merge(
                recording(RecordingStatus.STARTING), egress(RecordingStatus.ACTIVE, List.of()), NOW);
        assertThat(active).isNotNull();
        assertThat(active.status()).isEqualTo(RecordingStatus.ACTIVE);
        assertThat(active.startedAt()).contains(T0.plusSeconds(1));
        assertThat(active.updatedAt()).isEqualTo(NOW);

        assertThat(RecordingTransitions.merge(active, egress(RecordingStatus.STARTING, List.of()), NOW))
                .isNull();
        assertThat(RecordingTransitions.merge(active, egress(RecordingStatus.ACTIVE, List.of()), NOW))
                .as("the same snapshot again changes nothing")
                .isNull();

        Recording done = RecordingTransitions.merge(
                active,
                egress(
                        RecordingStatus.COMPLETE,
                        List.of(new EgressSnapshot.File("r.mp4", "s3://b/r.mp4", 42, Duration.ofSeconds(9)))),
                NOW);
        assertThat(done).isNotNull();
        assertThat(done.endedAt()).as("no end from LiveKit: now").contains(NOW);
        assertThat(done.sizeBytes()).contains(42L);
        assertThat(RecordingTransitions.merge(done, egress(RecordingStatus.FAILED, List.of()), NOW))
                .as("a finished recording never changes")
                .isNull();
    }

    @Test
    @DisplayName("ending locally works on any unfinished recording and never on a finished one")
    void endLocally() {
        Recording ended =
                RecordingTransitions.end(recording(RecordingStatus.ENDING), RecordingStatus.ABORTED, "why", NOW);
        assertThat(ended).isNotNull();
        assertThat(ended.status()).isEqualTo(RecordingStatus.ABORTED);
        assertThat(ended.error()).contains("why");
        assertThat(ended.endedAt()).contains(NOW);
        assertThat(RecordingTransitions.end(ended, RecordingStatus.FAILED, "again", NOW))
                .isNull();
    }

    @Test
    @DisplayName("the event: started only from STARTING to ACTIVE, ended when finished, updated otherwise")
    void events() {
        Recording starting = recording(RecordingStatus.STARTING);
        Recording active = starting.toBuilder().status(RecordingStatus.ACTIVE).build();
        Recording ending = starting.toBuilder().status(RecordingStatus.ENDING).build();
        Recording failed = starting.toBuilder().status(RecordingStatus.FAILED).build();

        assertThat(RecordingTransitions.event(starting, active, NOW)).isInstanceOf(MeetingEvent.RecordingStarted.class);
        assertThat(RecordingTransitions.event(active, active, NOW)).isInstanceOf(MeetingEvent.RecordingUpdated.class);
        assertThat(RecordingTransitions.event(active, ending, NOW)).isInstanceOf(MeetingEvent.RecordingUpdated.class);
        assertThat(RecordingTransitions.event(starting, failed, NOW)).isInstanceOf(MeetingEvent.RecordingEnded.class);
        assertThat(RecordingTransitions.rank(RecordingStatus.ENDING))
                .isLessThan(RecordingTransitions.rank(RecordingStatus.COMPLETE))
                .isGreaterThan(RecordingTransitions.rank(RecordingStatus.ACTIVE));
    }
}
