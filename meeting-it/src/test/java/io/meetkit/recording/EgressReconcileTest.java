package io.meetkit.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.livekit.server.EgressServiceClient;
import io.meetkit.StoreException;
import io.meetkit.event.MeetingEvent;
import io.meetkit.maintenance.JobRun;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingSettings;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.store.InMemoryStores;
import io.meetkit.testkit.Fault;
import io.meetkit.testkit.cluster.FailingStores;
import java.time.Clock;
import java.util.List;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitEgress.EncodedFileType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import retrofit2.Response;

/**
 * The stale-recordings job reconciles LiveKit's {@code ListEgress(active)} against the store (issue 14, items 2 and
 * 5): every egress in a meeting's room ends up tracked by exactly one recording or stopped, and a recording whose room
 * is gone or has nobody left is stopped. What it did is in the maintenance report and in recording events.
 *
 * <p>LiveKit's behaviour the fake holds to: a room-composite egress ends when its room closes, not when the last
 * publisher leaves (livekit/egress {@code template-sdk/src/index.ts} {@code EgressHelper.setRoom}: the recording
 * ends on {@code RoomEvent.Disconnected}; {@code pkg/pipeline/controller.go} {@code Controller.Run}: {@code
 * EndRecording} sends EOS with {@code EndReasonSrcClosed}), so {@link io.meetkit.testkit.FakeLiveKitServer
 * #leaveParticipant} keeps the egress running; {@code removeRoom} removes a room without telling anyone, its egress
 * running on, as when LiveKit lost the room's close.
 */
class EgressReconcileTest extends RecordingTestBase {

    private JobRun reconcile() {
        JobRun run = kit.mk
                .maintenance()
                .runOnce()
                .job(RecordingController.STALE_RECORDINGS_JOB)
                .orElseThrow();
        kit.stores.leases().release(run.job(), kit.mk.maintenance().owner());
        assertThat(run.status()).isEqualTo(JobRun.Status.RAN);
        return run;
    }

    /** Starts an egress in the meeting's room as another tool on the same LiveKit would, past MeetKit. */
    private static EgressInfo startEgressPastMeetKit(Meeting m) throws Exception {
        EgressServiceClient client = EgressServiceClient.createClient(lk.url(), lk.apiKey(), lk.apiSecret());
        EncodedFileOutput file = EncodedFileOutput.newBuilder()
                .setFileType(EncodedFileType.MP4)
                .setFilepath("recordings/" + m.id() + "/other-tool.mp4")
                .build();
        Response<EgressInfo> response =
                client.startRoomCompositeEgress(m.roomName(), file, "grid").execute();
        assertThat(response.isSuccessful()).as("start: %s", response).isTrue();
        return response.body();
    }

    private static boolean running(String egressId) {
        EgressStatus s = lk.egress(egressId).orElseThrow().getStatus();
        return s == EgressStatus.EGRESS_STARTING || s == EgressStatus.EGRESS_ACTIVE;
    }

    private List<Recording> recordingsOf(Meeting m) {
        return kit.recordings
                .list(RecordingQuery.builder().meetingId(m.id()).build())
                .items();
    }

    private Meeting liveMeetingWithoutRecording() {
        Meeting m = kit.meetings.create(CreateMeeting.builder("No recording", "user-1")
                .settings(MeetingSettings.builder().recordingEnabled(false).build())
                .build());
        lk.joinParticipant(m.roomName(), "alice");
        await().atMost(WAIT).until(() -> kit.meetings.require(m.id()).status() == MeetingStatus.ACTIVE);
        return m;
    }

    @Test
    @DisplayName("an egress started past MeetKit in a meeting's room is tracked as a new recording, startedBy livekit")
    void untrackedEgressBecomesARecording() throws Exception {
        Meeting m = liveMeeting();
        lk.awaitWebhookDeliveries(WAIT);
        lk.holdWebhooks(); // only the job can learn of it
        EgressInfo egress = startEgressPastMeetKit(m);

        JobRun run = reconcile();

        assertThat(run.detail()).contains("created 1 recording(s) for untracked egresses");
        List<Recording> all = recordingsOf(m);
        assertThat(all).hasSize(1);
        Recording r = all.get(0);
        assertThat(r.egressId()).contains(egress.getEgressId());
        assertThat(r.startedBy()).isEqualTo("livekit");
        assertThat(r.status().isFinished()).isFalse();
        assertThat(r.objectKey()).isEqualTo("recordings/" + m.id() + "/other-tool.mp4");
        assertThat(kit.events)
                .anySatisfy(e -> assertThat(e)
                        .isInstanceOfAny(MeetingEvent.RecordingStarted.class, MeetingEvent.RecordingUpdated.class)
                        .extracting(ev -> ev instanceof MeetingEvent.RecordingStarted s
                                ? s.recording().id()
                                : ((MeetingEvent.RecordingUpdated) ev)
                                        .recording()
                                        .id())
                        .isEqualTo(r.id()));
        assertThat(reconcile().detail()).as("a second run finds nothing to do").contains("created 0");

        lk.releaseHeldWebhooks(io.meetkit.testkit.WebhookOrder.AS_HAPPENED);
        awaitStatus(r.id(), RecordingStatus.ACTIVE);
        kit.recordings.stop(r.id());
        assertThat(awaitStatus(r.id(), RecordingStatus.COMPLETE).objectKey()).isEqualTo(r.objectKey());
    }

    @Test
    @DisplayName("an egress in the room of a meeting that does not allow recording is stopped, and its file tracked")
    void untrackedEgressOfDisabledMeetingIsStopped() throws Exception {
        Meeting m = liveMeetingWithoutRecording();
        lk.awaitWebhookDeliveries(WAIT);
        lk.holdWebhooks();
        EgressInfo egress = startEgressPastMeetKit(m);

        JobRun run = reconcile();

        assertThat(run.detail()).contains("stopped 1 untracked egress(es)");
        assertThat(running(egress.getEgressId())).isFalse();
        List<Recording> all = recordingsOf(m);
        assertThat(all).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(RecordingStatus.ABORTED);
            assertThat(r.egressId()).contains(egress.getEgressId());
            assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("not enabled"));
        });
        assertThat(kit.events).anySatisfy(e -> assertThat(e).isInstanceOf(MeetingEvent.RecordingEnded.class));
    }

    @Test
    @DisplayName("an egress still running although its recording ended is stopped")
    void egressOfEndedRecordingIsStopped() {
        Meeting m = liveMeeting();
        Recording r = start(m);
        // the record says it ended (a lost stop, a crash between the store write and StopEgress)
        Recording stored = kit.stores.recordings().findById(r.id()).orElseThrow();
        kit.stores
                .recordings()
                .update(stored.toBuilder()
                        .status(RecordingStatus.ABORTED)
                        .endedAt(stored.updatedAt())
                        .build())
                .orElseThrow();
        assertThat(running(r.egressId().orElseThrow())).isTrue();

        JobRun run = reconcile();

        assertThat(run.detail()).contains("stopped 1 egress(es) of ended recordings");
        await().atMost(WAIT).until(() -> !running(r.egressId().orElseThrow()));
        assertThat(kit.recordings.require(r.id()).status()).isEqualTo(RecordingStatus.ABORTED);
    }

    @Test
    @DisplayName("a recording whose room is gone while its egress runs on is stopped and ended ABORTED")
    void recordingWhoseRoomIsGoneIsAborted() {
        Meeting m = liveMeeting();
        Recording r = start(m);
        lk.removeRoom(m.roomName()); // no webhook; the egress runs on

        JobRun run = reconcile();

        assertThat(run.detail()).contains("aborted 1 recording(s) whose room is gone");
        assertThat(running(r.egressId().orElseThrow())).isFalse();
        Recording ended = kit.recordings.require(r.id());
        assertThat(ended.status()).isEqualTo(RecordingStatus.ABORTED);
        assertThat(ended.error()).hasValueSatisfying(e -> assertThat(e).contains("is gone"));
        assertThat(kit.events)
                .anySatisfy(e -> assertThat(e)
                        .isInstanceOfSatisfying(
                                MeetingEvent.RecordingEnded.class,
                                ev -> assertThat(ev.recording().id()).isEqualTo(r.id())));
    }

    @Test
    @DisplayName("a recording whose room has no publisher left is stopped and ends as LiveKit reports (COMPLETE)")
    void recordingWithoutPublishersIsStopped() {
        Meeting m = liveMeeting();
        Recording r = start(m);
        lk.leaveParticipant(m.roomName(), "alice");
        assertThat(running(r.egressId().orElseThrow()))
                .as("LiveKit keeps a room-composite egress running until the room closes")
                .isTrue();

        JobRun run = reconcile();

        assertThat(run.detail()).contains("stopped 1 recording(s) whose room has no publisher left");
        assertThat(running(r.egressId().orElseThrow())).isFalse();
        Recording done = awaitStatus(r.id(), RecordingStatus.COMPLETE);
        assertThat(objects(m.id())).containsExactly(done.objectKey());
    }

    @Test
    @DisplayName("a recording whose room still has a participant is left recording")
    void liveRecordingIsLeftAlone() {
        Meeting m = liveMeeting();
        Recording r = start(m);

        JobRun run = reconcile();

        assertThat(run.affected()).isZero();
        assertThat(running(r.egressId().orElseThrow())).isTrue();
        assertThat(kit.recordings.require(r.id()).status()).isEqualTo(RecordingStatus.ACTIVE);
    }

    @Test
    @DisplayName("the store fails right after StartEgress: the job binds the running egress to its recording")
    void storeFailureAfterStartEgressEndsTracked() throws Exception {
        FailingStores failing = FailingStores.wrap(new InMemoryStores());
        Kit k = new Kit(
                failing.stores(), Clock.systemUTC(), s3.recordingStorage(BUCKET).build(), WAIT);
        try {
            current = k;
            Meeting m = k.meetings.create(
                    CreateMeeting.builder("Store drops", "user-1").build());
            lk.joinParticipant(m.roomName(), "alice");
            await().atMost(WAIT).until(() -> k.meetings.require(m.id()).status() == MeetingStatus.ACTIVE);
            lk.awaitWebhookDeliveries(WAIT);
            lk.holdWebhooks(); // only the job can bind it
            // the first recording update is binding the egress id, right after LiveKit created the egress
            failing.failWhen(c -> c.is("recordings", "update"));
            assertThatThrownBy(() -> k.recordings.start(m.id(), RecordingOptions.defaults(), "user-1"))
                    .isInstanceOf(StoreException.class);
            failing.up();
            List<EgressInfo> egresses = lk.egresses().stream()
                    .filter(e -> e.getRoomName().equals(m.roomName()))
                    .toList();
            assertThat(egresses)
                    .singleElement()
                    .satisfies(e -> assertThat(running(e.getEgressId())).isTrue());
            String egressId = egresses.get(0).getEgressId();
            assertThat(k.recordings
                            .list(RecordingQuery.builder().meetingId(m.id()).build())
                            .items())
                    .singleElement()
                    .satisfies(r -> assertThat(r.egressId())
                            .as("nobody tracks the egress yet")
                            .isEmpty());

            JobRun run = k.mk.maintenance()
                    .runOnce()
                    .job(RecordingController.STALE_RECORDINGS_JOB)
                    .orElseThrow();

            assertThat(run.status()).isEqualTo(JobRun.Status.RAN);
            List<Recording> all = k.recordings
                    .list(RecordingQuery.builder().meetingId(m.id()).build())
                    .items();
            assertThat(all).singleElement().satisfies(r -> {
                assertThat(r.egressId()).contains(egressId);
                assertThat(r.status().isFinished()).isFalse();
            });
        } finally {
            current = kit;
            lk.releaseHeldWebhooks(io.meetkit.testkit.WebhookOrder.AS_HAPPENED);
            lk.awaitWebhookDeliveries(WAIT);
            k.close();
        }
    }

    @Test
    @DisplayName("LiveKit unreachable: the run reports it and changes nothing")
    void stopsWhenLiveKitIsUnavailable() throws Exception {
        Meeting m = liveMeeting();
        lk.awaitWebhookDeliveries(WAIT);
        lk.holdWebhooks();
        startEgressPastMeetKit(m);
        lk.failNext("ListEgress", 1, Fault.dropConnection());

        JobRun run = reconcile();

        assertThat(run.detail()).contains("not reconciled, LiveKit is unavailable");
        assertThat(recordingsOf(m)).isEmpty();
        assertThat(reconcile().detail()).contains("created 1");
    }
}
