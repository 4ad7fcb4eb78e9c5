package io.meetkit.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meetkit.ConflictException;
import io.meetkit.LiveKitUnavailableException;
import io.meetkit.meeting.Meeting;
import io.meetkit.testkit.Fault;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import livekit.LivekitEgress.EgressInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A {@code StartRoomCompositeEgress} that times out after LiveKit created the egress (the fake answers after the
 * client gave up, as a slow LiveKit does) leaves no egress recording the meeting with nobody tracking it: the
 * recording stays STARTING, and the egress is bound to it through the store by its webhook on any instance, or by
 * the stale-recordings job (issue 14, item 2). Before, the recording was marked FAILED while the egress went on
 * writing the whole meeting to the FAILED row's object key, and a second recording could be started in the room.
 */
class RecordingStartFaultTest extends RecordingTestBase {

    private Kit slow;

    @BeforeEach
    void shortCallTimeout() {
        // the same stores, a MeetKit whose LiveKit calls time out after 1 s
        slow = new Kit(
                kit.stores,
                Clock.systemUTC(),
                s3.recordingStorage(BUCKET).build(),
                Duration.ofSeconds(10),
                Duration.ofSeconds(1));
    }

    @AfterEach
    void closeSlow() {
        slow.close();
    }

    private List<EgressInfo> egressesOf(Meeting m) {
        return lk.egresses().stream()
                .filter(e -> e.getRoomName().equals(m.roomName()))
                .toList();
    }

    private Recording startTimingOut(Meeting m) {
        lk.failNext("StartRoomCompositeEgress", 1, Fault.delay(Duration.ofSeconds(3)));
        assertThatThrownBy(() -> slow.recordings.start(m.id(), RecordingOptions.defaults(), "user-1"))
                .isInstanceOf(LiveKitUnavailableException.class);
        List<Recording> all = kit.recordings
                .list(RecordingQuery.builder().meetingId(m.id()).build())
                .items();
        assertThat(all).hasSize(1);
        Recording r = all.get(0);
        assertThat(r.status()).as("never FAILED while the egress may run").isEqualTo(RecordingStatus.STARTING);
        return r;
    }

    @Test
    @DisplayName("start times out after the egress is created: its egress_started webhook binds it through the store")
    void webhookBindsTheEgress() {
        Meeting m = liveMeeting();
        Recording r = startTimingOut(m);

        await().atMost(WAIT).until(() -> egressesOf(m).size() == 1);
        String egressId = egressesOf(m).get(0).getEgressId();
        Recording active = awaitStatus(r.id(), RecordingStatus.ACTIVE);
        assertThat(active.egressId()).contains(egressId);
        assertThatThrownBy(() -> start(m))
                .as("no second recording while the first runs")
                .isInstanceOf(ConflictException.class);

        kit.recordings.stop(r.id());
        Recording done = awaitStatus(r.id(), RecordingStatus.COMPLETE);
        assertThat(objects(m.id())).containsExactly(done.objectKey());
    }

    @Test
    @DisplayName("start times out and the webhooks are lost: the stale-recordings job adopts the egress")
    void staleJobAdoptsTheEgress() throws InterruptedException {
        Meeting m = liveMeeting();
        lk.awaitWebhookDeliveries(WAIT);
        lk.holdWebhooks();
        Recording r = startTimingOut(m);
        await().atMost(WAIT).until(() -> egressesOf(m).size() == 1);
        String egressId = egressesOf(m).get(0).getEgressId();

        slow.recordings.syncStale(Duration.ZERO);

        Recording adopted = kit.recordings.require(r.id());
        assertThat(adopted.egressId()).contains(egressId);
        assertThat(adopted.status()).isIn(RecordingStatus.STARTING, RecordingStatus.ACTIVE);
        assertThat(adopted.status().isFinished()).isFalse();
    }

    @Test
    @DisplayName("start fails and LiveKit created no egress: the stale-recordings job ends the recording ABORTED")
    void staleJobAbortsWhenNoEgressRuns() {
        Meeting m = liveMeeting();
        lk.failNext("StartRoomCompositeEgress", 1, Fault.dropConnection());
        assertThatThrownBy(() -> slow.recordings.start(m.id(), RecordingOptions.defaults(), "user-1"))
                .isInstanceOf(LiveKitUnavailableException.class);
        Recording r = kit.recordings
                .list(RecordingQuery.builder().meetingId(m.id()).build())
                .items()
                .get(0);
        assertThat(egressesOf(m)).isEmpty();

        kit.recordings.syncStale(Duration.ZERO);

        assertThat(kit.recordings.require(r.id()).status()).isEqualTo(RecordingStatus.ABORTED);
        assertThat(start(m).status()).as("a new recording can start").isEqualTo(RecordingStatus.ACTIVE);
    }
}
