package io.meetkit.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meetkit.ConflictException;
import io.meetkit.meeting.DeletionOutcome;
import io.meetkit.meeting.DeletionPolicy;
import io.meetkit.meeting.DeletionResult;
import io.meetkit.meeting.LiveMeetingPolicy;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.meeting.RecordingsPolicy;
import livekit.LivekitEgress.EgressStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** MeetingManager.delete under each recordings policy, now that recordings stop egresses and delete files. */
class MeetingDeletionWithRecordingsTest extends RecordingTestBase {

    private static DeletionPolicy policy(LiveMeetingPolicy live, RecordingsPolicy recordings) {
        return new DeletionPolicy(live, recordings);
    }

    @Nested
    @DisplayName("without a live meeting")
    class NotLive {

        /** A meeting that was live, recorded once (COMPLETE), and ended. */
        private Meeting endedMeetingWithRecording() {
            Meeting m = liveMeeting();
            completeRecording(m);
            kit.meetings.end(m.id());
            await().atMost(WAIT).until(() -> kit.meetings.require(m.id()).status() == MeetingStatus.OPEN);
            return kit.meetings.require(m.id());
        }

        @Test
        @DisplayName("FORCE deletes the recordings and their files, then the meeting")
        void force() {
            Meeting m = endedMeetingWithRecording();
            assertThat(objects(m.id())).hasSize(1);

            DeletionResult r = kit.meetings.delete(m.id(), policy(LiveMeetingPolicy.FAIL, RecordingsPolicy.FORCE));

            assertThat(r.outcome()).isEqualTo(DeletionOutcome.DELETED);
            assertThat(r.deletedRecordings()).isEqualTo(1);
            assertThat(objects(m.id())).isEmpty();
            assertThat(kit.recordings.list(RecordingQuery.ofMeeting(m.id())).items())
                    .isEmpty();
            assertThat(kit.meetings.get(m.id())).isEmpty();
        }

        @Test
        @DisplayName("CLOSE keeps meeting, recordings and files, and closes the meeting")
        void close() {
            Meeting m = endedMeetingWithRecording();

            DeletionResult r = kit.meetings.delete(m.id(), policy(LiveMeetingPolicy.FAIL, RecordingsPolicy.CLOSE));

            assertThat(r.outcome()).isEqualTo(DeletionOutcome.CLOSED);
            assertThat(kit.meetings.require(m.id()).status()).isEqualTo(MeetingStatus.CLOSED);
            assertThat(kit.recordings.list(RecordingQuery.ofMeeting(m.id())).items())
                    .hasSize(1);
            assertThat(objects(m.id())).hasSize(1);
        }

        @Test
        @DisplayName("FAIL refuses and changes nothing")
        void fail() {
            Meeting m = endedMeetingWithRecording();

            assertThatThrownBy(() -> kit.meetings.delete(m.id(), policy(LiveMeetingPolicy.FAIL, RecordingsPolicy.FAIL)))
                    .isInstanceOfSatisfying(
                            ConflictException.class,
                            e -> assertThat(e.code()).isEqualTo(ConflictException.MEETING_HAS_RECORDINGS));
            assertThat(kit.meetings.require(m.id()).status()).isEqualTo(MeetingStatus.OPEN);
            assertThat(objects(m.id())).hasSize(1);
        }

        @Test
        @DisplayName("FORCE does not wait for an egress LiveKit no longer knows: it is ABORTED and deleted")
        void lostEgress() {
            Meeting m = meeting();
            java.util.UUID id = java.util.UUID.randomUUID();
            java.time.Instant now = java.time.Instant.now();
            kit.stores
                    .recordings()
                    .insert(Recording.builder()
                            .id(id)
                            .meetingId(m.id())
                            .status(RecordingStatus.ACTIVE)
                            .egressId("EG_lost")
                            .objectKey("recordings/" + m.id() + "/" + id + ".mp4")
                            .startedBy("u")
                            .createdAt(now)
                            .updatedAt(now)
                            .build());

            DeletionResult r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                    java.time.Duration.ofSeconds(5), // the kit's start timeout, the longest wait, is 10 s
                    () -> kit.meetings.delete(m.id(), policy(LiveMeetingPolicy.FAIL, RecordingsPolicy.FORCE)));

            assertThat(r.outcome()).isEqualTo(DeletionOutcome.DELETED);
            assertThat(r.deletedRecordings()).isEqualTo(1);
            assertThat(kit.recordings.get(id)).isEmpty();
            assertThat(kit.events)
                    .anySatisfy(e -> assertThat(e)
                            .isInstanceOfSatisfying(
                                    io.meetkit.event.MeetingEvent.RecordingEnded.class,
                                    ended -> assertThat(ended.recording().status())
                                            .isEqualTo(RecordingStatus.ABORTED)));
        }

        @Test
        @DisplayName("a meeting without recordings is deleted under any recordings policy")
        void noRecordings() {
            Meeting m = meeting();
            assertThat(kit.meetings
                            .delete(m.id(), policy(LiveMeetingPolicy.FAIL, RecordingsPolicy.FAIL))
                            .outcome())
                    .isEqualTo(DeletionOutcome.DELETED);
        }
    }

    @Nested
    @DisplayName("with a live meeting being recorded")
    class Live {

        @Test
        @DisplayName("FORCE/FORCE ends the meeting, stops the egress, deletes recordings and files and the meeting")
        void forceForce() {
            Meeting m = liveMeeting();
            Recording rec = start(m);

            DeletionResult r = kit.meetings.delete(m.id(), DeletionPolicy.FORCE);

            assertThat(r.outcome()).isEqualTo(DeletionOutcome.DELETED);
            assertThat(r.endedLiveMeeting()).isTrue();
            assertThat(kit.meetings.get(m.id())).isEmpty();
            assertThat(kit.recordings.get(rec.id())).isEmpty();
            EgressStatus egress =
                    lk.egress(rec.egressId().orElseThrow()).orElseThrow().getStatus();
            assertThat(egress).isIn(EgressStatus.EGRESS_COMPLETE, EgressStatus.EGRESS_ABORTED);
            // the egress finished its upload before the file was deleted: nothing is left behind
            assertThat(objects(m.id())).isEmpty();
        }

        @Test
        @DisplayName("FORCE/CLOSE ends the meeting and closes it; the recording finishes and is kept with its file")
        void forceClose() {
            Meeting m = liveMeeting();
            Recording rec = start(m);

            DeletionResult r = kit.meetings.delete(m.id(), policy(LiveMeetingPolicy.FORCE, RecordingsPolicy.CLOSE));

            assertThat(r.outcome()).isEqualTo(DeletionOutcome.CLOSED);
            assertThat(kit.meetings.require(m.id()).status()).isEqualTo(MeetingStatus.CLOSED);
            Recording done = awaitStatus(rec.id(), RecordingStatus.COMPLETE);
            assertThat(objects(m.id())).containsExactly(done.objectKey());
        }

        @Test
        @DisplayName("FORCE/FAIL refuses: the meeting and its recording go on")
        void forceFail() {
            Meeting m = liveMeeting();
            Recording rec = start(m);

            assertThatThrownBy(
                            () -> kit.meetings.delete(m.id(), policy(LiveMeetingPolicy.FORCE, RecordingsPolicy.FAIL)))
                    .isInstanceOfSatisfying(
                            ConflictException.class,
                            e -> assertThat(e.code()).isEqualTo(ConflictException.MEETING_HAS_RECORDINGS));
            assertThat(kit.meetings.require(m.id()).status()).isEqualTo(MeetingStatus.ACTIVE);
            assertThat(kit.recordings.require(rec.id()).status()).isEqualTo(RecordingStatus.ACTIVE);
        }

        @Test
        @DisplayName("FAIL on the live meeting refuses whatever the recordings policy")
        void failOnLive() {
            Meeting m = liveMeeting();
            start(m);

            assertThatThrownBy(
                            () -> kit.meetings.delete(m.id(), policy(LiveMeetingPolicy.FAIL, RecordingsPolicy.FORCE)))
                    .isInstanceOfSatisfying(
                            ConflictException.class,
                            e -> assertThat(e.code()).isEqualTo(ConflictException.MEETING_HAS_ACTIVE_MEETING));
        }

        @Test
        @DisplayName("WHEN_MEETING_ENDS/FORCE schedules; when the room finishes, recordings, files and meeting go")
        void whenMeetingEnds() {
            Meeting m = liveMeeting();
            Recording rec = start(m);

            DeletionResult r =
                    kit.meetings.delete(m.id(), policy(LiveMeetingPolicy.WHEN_MEETING_ENDS, RecordingsPolicy.FORCE));

            assertThat(r.outcome()).isEqualTo(DeletionOutcome.SCHEDULED_TO_BE_DELETED);
            assertThat(kit.recordings.require(rec.id()).status()).isEqualTo(RecordingStatus.ACTIVE);

            lk.finishRoom(m.roomName());

            await().atMost(WAIT).until(() -> kit.meetings.get(m.id()).isEmpty());
            await().atMost(WAIT).until(() -> kit.recordings.get(rec.id()).isEmpty());
            assertThat(objects(m.id())).isEmpty();
        }
    }
}
