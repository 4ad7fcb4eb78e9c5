package io.meetkit.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meetkit.MeetKit;
import io.meetkit.livekit.EgressSnapshot;
import io.meetkit.livekit.LiveKitServerGateway;
import io.meetkit.livekit.RoomCompositeRequest;
import io.meetkit.maintenance.JobRun;
import io.meetkit.meeting.Meeting;
import io.meetkit.store.InMemoryStores;
import io.meetkit.testkit.EgressOutcome;
import io.meetkit.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import livekit.LivekitEgress.EgressStatus;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The maintenance step for recordings stuck unfinished: sync from ListEgress, or abort. */
class StaleRecordingSyncTest extends RecordingTestBase {

    private static final Duration STALE = Duration.ofMinutes(5);

    private MutableClock clock;

    @BeforeEach
    void controlledClock() {
        kit.close();
        clock = new MutableClock(Instant.now());
        kit = kit(new InMemoryStores(), clock, true, false, Duration.ofSeconds(10));
        current = kit;
    }

    private Recording insert(Meeting m, RecordingStatus status, @Nullable String egressId) {
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        Recording r = Recording.builder()
                .id(id)
                .meetingId(m.id())
                .status(status)
                .egressId(egressId)
                .objectKey("recordings/" + m.id() + "/" + id + ".mp4")
                .startedBy("u")
                .createdAt(now)
                .updatedAt(now)
                .build();
        kit.stores.recordings().insert(r);
        return r;
    }

    @Test
    @DisplayName("a recording whose end webhook was lost is synced from ListEgress")
    void syncedFromListEgress() {
        Meeting m = liveMeeting();
        Recording r = start(m);
        lk.holdWebhooks();
        kit.recordings.stop(r.id());
        await().atMost(WAIT)
                .until(() -> lk.egress(r.egressId().orElseThrow()).orElseThrow().getStatus()
                        == EgressStatus.EGRESS_COMPLETE);
        assertThat(kit.recordings.require(r.id()).status()).isEqualTo(RecordingStatus.ENDING);

        assertThat(kit.recordings.syncStale(STALE)).isZero();
        clock.advance(STALE.plusMinutes(1));
        assertThat(kit.recordings.syncStale(STALE)).isEqualTo(1);

        Recording done = kit.recordings.require(r.id());
        assertThat(done.status()).isEqualTo(RecordingStatus.COMPLETE);
        assertThat(done.sizeBytes()).isPresent();
    }

    @Test
    @DisplayName("an egress LiveKit no longer knows, and one that never started, are ABORTED")
    void unknownAndNeverStarted() {
        Meeting m = meeting();
        Recording gone = insert(m, RecordingStatus.ACTIVE, "EG_gone");
        Recording other = insert(meeting(), RecordingStatus.STARTING, null);
        clock.advance(STALE.plusMinutes(1));

        assertThat(kit.recordings.syncStale(STALE)).isEqualTo(2);

        assertThat(kit.recordings.require(gone.id()).status()).isEqualTo(RecordingStatus.ABORTED);
        assertThat(kit.recordings.require(gone.id()).error())
                .hasValueSatisfying(e -> assertThat(e).contains("no longer knows"));
        assertThat(kit.recordings.require(other.id()).status()).isEqualTo(RecordingStatus.ABORTED);
    }

    @Test
    @DisplayName("an egress stuck STARTING is stopped and its recording ABORTED")
    void stuckStarting() {
        Meeting m = liveMeeting();
        lk.egressOutcome(EgressOutcome.STAY_STARTING);
        EgressSnapshot egress;
        try (LiveKitServerGateway gateway =
                MeetKit.liveKitGateway(lk.url(), lk.apiKey(), lk.apiSecret(), Duration.ofSeconds(5))) {
            egress = gateway.startRoomCompositeEgress(new RoomCompositeRequest(
                    m.roomName(),
                    RecordingLayout.GRID,
                    false,
                    RecordingEncoding.H264_720P_30,
                    "recordings/stuck.mp4",
                    null));
        }
        Recording r = insert(m, RecordingStatus.STARTING, egress.egressId());
        clock.advance(STALE.plusMinutes(1));

        assertThat(kit.recordings.syncStale(STALE)).isEqualTo(1);

        assertThat(kit.recordings.require(r.id()).status()).isEqualTo(RecordingStatus.ABORTED);
        assertThat(lk.egress(egress.egressId()).orElseThrow().getStatus()).isEqualTo(EgressStatus.EGRESS_ABORTED);
    }

    @Test
    @DisplayName("a long recording that is still active is only marked as checked")
    void stillRecording() {
        Meeting m = liveMeeting();
        Recording r = start(m);
        clock.advance(STALE.plusMinutes(1));

        assertThat(kit.recordings.syncStale(STALE)).isEqualTo(1);

        Recording after = kit.recordings.require(r.id());
        assertThat(after.status()).isEqualTo(RecordingStatus.ACTIVE);
        assertThat(after.updatedAt()).isAfter(r.updatedAt());
        assertThat(kit.recordings.syncStale(STALE)).isZero();
    }

    @Test
    @DisplayName("MeetKit's maintenance runs the sync as its stale-recordings job")
    void maintenanceJob() {
        Recording gone = insert(meeting(), RecordingStatus.ENDING, "EG_gone");
        clock.advance(RecordingController.DEFAULT_STALE_AFTER.plusMinutes(1));

        JobRun run = kit.mk
                .maintenance()
                .runOnce()
                .job(RecordingController.STALE_RECORDINGS_JOB)
                .orElseThrow();

        assertThat(run.status()).isEqualTo(JobRun.Status.RAN);
        assertThat(run.affected()).isEqualTo(1);
        assertThat(kit.recordings.require(gone.id()).status()).isEqualTo(RecordingStatus.ABORTED);
    }
}
