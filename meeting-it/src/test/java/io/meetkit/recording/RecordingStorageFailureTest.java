package io.meetkit.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetkit.RecordingStorageException;
import io.meetkit.meeting.DeletionOutcome;
import io.meetkit.meeting.DeletionPolicy;
import io.meetkit.meeting.DeletionResult;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.testkit.s3.InProcessS3;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What recordings do when S3 cannot be reached, or when no storage is configured. */
class RecordingStorageFailureTest extends RecordingTestBase {

    private Kit unreachable;

    @BeforeEach
    void unreachableKit() throws IOException {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        S3RecordingStorage dead = S3RecordingStorage.builder()
                .bucket(BUCKET)
                .endpoint(URI.create("http://127.0.0.1:" + deadPort))
                .pathStyle(true)
                .checksumMode(S3RecordingStorage.ChecksumMode.WHEN_REQUIRED)
                .credentials(InProcessS3.ACCESS_KEY, InProcessS3.SECRET_KEY)
                .callTimeout(Duration.ofSeconds(5))
                .build();
        // the same stores, another MeetKit whose S3 is down
        unreachable = new Kit(kit.stores, Clock.systemUTC(), dead, Duration.ofSeconds(5));
    }

    @AfterEach
    void closeUnreachable() {
        unreachable.close();
    }

    @Test
    @DisplayName("S3 unreachable: a storage exception that says so; the record is kept and the delete can be retried")
    void unreachableDelete() {
        Meeting m = liveMeeting();
        Recording r = completeRecording(m);

        assertThatThrownBy(() -> unreachable.recordings.delete(r.id()))
                .isInstanceOfSatisfying(RecordingStorageException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.code()).isEqualTo(RecordingStorageException.STORAGE_FAILURE);
                })
                .hasMessageContaining("unreachable");
        assertThat(kit.recordings.get(r.id())).isPresent();
        assertThat(objects(m.id())).containsExactly(r.objectKey());
        assertThatThrownBy(() -> unreachable.recordings.open(r.id(), null))
                .isInstanceOf(RecordingStorageException.class)
                .hasMessageContaining("unreachable");

        kit.recordings.delete(r.id());

        assertThat(kit.recordings.get(r.id())).isEmpty();
        assertThat(objects(m.id())).isEmpty();
    }

    @Test
    @DisplayName("a meeting deletion that cannot delete the files fails and keeps everything, so it can be retried")
    void unreachableMeetingDeletion() {
        Meeting m = liveMeeting();
        Recording r = completeRecording(m);
        kit.meetings.end(m.id());

        assertThatThrownBy(() -> unreachable.meetings.delete(m.id(), DeletionPolicy.FORCE))
                .isInstanceOf(RecordingStorageException.class);
        assertThat(kit.meetings.get(m.id())).isPresent();
        assertThat(kit.recordings.get(r.id())).isPresent();

        assertThat(kit.meetings.delete(m.id(), DeletionPolicy.FORCE).outcome()).isEqualTo(DeletionOutcome.DELETED);
        assertThat(objects(m.id())).isEmpty();
    }

    @Test
    @DisplayName(
            "FORCE delete of a live meeting with S3 unreachable keeps the room: files before DeleteRoom (issue 14)")
    void unreachableForceDeletionOfLiveMeeting() {
        Meeting m = liveMeeting();
        Recording r = completeRecording(m);

        assertThatThrownBy(() -> unreachable.meetings.delete(m.id(), DeletionPolicy.FORCE))
                .isInstanceOf(RecordingStorageException.class);

        // nothing that cannot be undone happened: everyone is still in the room and the meeting is as it was
        assertThat(lk.room(m.roomName())).as("the LiveKit room").isPresent();
        assertThat(lk.participants(m.roomName()))
                .extracting(p -> p.getIdentity())
                .contains("alice");
        Meeting after = kit.meetings.require(m.id());
        assertThat(after.status()).isEqualTo(MeetingStatus.ACTIVE);
        assertThat(after.endAction()).isEqualTo(m.endAction());
        assertThat(kit.recordings.get(r.id())).isPresent();
        assertThat(objects(m.id())).containsExactly(r.objectKey());

        DeletionResult retried = kit.meetings.delete(m.id(), DeletionPolicy.FORCE);
        assertThat(retried.outcome()).isEqualTo(DeletionOutcome.DELETED);
        assertThat(kit.meetings.get(m.id())).isEmpty();
        assertThat(lk.room(m.roomName())).isEmpty();
        assertThat(objects(m.id())).isEmpty();
    }

    @Test
    @DisplayName("without a RecordingStorage, downloads fail clearly and delete removes only the record")
    void noStorage() {
        kit.close();
        kit = kit(kit.stores, Clock.systemUTC(), false, false, Duration.ofSeconds(10));
        current = kit;
        Meeting m = liveMeeting();
        Recording r = completeRecording(m);

        assertThatThrownBy(() -> kit.recordings.downloadUrl(r.id(), Duration.ofMinutes(1)))
                .isInstanceOf(RecordingStorageException.class)
                .hasMessageContaining("no RecordingStorage");
        kit.recordings.delete(r.id());
        assertThat(kit.recordings.get(r.id())).isEmpty();
        assertThat(objects(m.id())).containsExactly(r.objectKey());
    }
}
